"""Lexicon rules for risk flags and emotion cues.

A missed 12315 threat or safety risk costs far more than a false alarm, so every flag has a cue
list tuned for recall; the trained model adds what the cues miss. Cues are matched on normalized
text (lower-cased), and a cue right after a negation ("不会给差评") does not count.
"""

import re

FLAG_CUES: dict[str, list[str]] = {
    "bad_review_threat": [
        r"差评", r"给差", r"打差", r"[一1零0]星(?!期)", r"曝光", r"避雷", r"挂你们?", r"挂到", r"挂出来", r"(?:写|追|如实)评价",
        r"发(?:个|条)?(?:抖音|小红书|微博|朋友圈)", r"(?:拍|发)(?:个|条)?视频(?:发|曝光|放|到|让|上)", r"视频发(?:到|网上|抖音)", r"评论区", r"发到网上", r"抖音\s*\+",
        r"让(?:大家|所有人|网友|后面买的人|别的\w{1,3})(?:都)?(?:看看|知道|评评)", r"大家评评理", r"(?:抖音|b站|B站|快手|网上|全网)见",
        r"(?:发|挂|写)(?:到|在)?(?:抖音|b站|快手|网上|评价里)", r"抖音上", r"(?:抖音|b站|快手)(?:发|拍)", r"写(?:到|在)?(?:商品)?评价里",
        r"(?:短)?视频平台", r"全网挂", r"挂网上", r"发(?:个|条)视频", r"(?:直播间|评论区)[^,.!?]{0,4}(?:刷屏|骂)", r"小红书", r"(?:去|到)直播间(?:里)?(?:刷|问|发|说)", r"拉黑这家",
    ],
    "platform_complaint": [
        r"投诉", r"12315", r"12345", r"市场监[管督]", r"监管局", r"工商", r"消协", r"消费者协会", r"介入",
        r"仲裁", r"找平台", r"抖音官方", r"举报", r"媒体", r"记者", r"电视台", r"黑猫", r"找抖音", r"质监",
        r"平台见", r"(?:发|交|提交|反映)给平台", r"让平台", r"官方介入",
    ],
    "legal_claim": [
        r"起诉", r"告(?:你|你们|到|上)", r"法院", r"律师", r"法律", r"消法", r"消费者权益", r"消保法",
        r"[假退]一赔[三十3]", r"[三3十]倍赔偿", r"赔[三3十]倍", r"诉讼", r"打官司", r"违法", r"犯法", r"欺诈",
    ],
    "compensation_demand": [
        r"赔偿", r"赔我", r"赔钱", r"补偿", r"精神损失", r"损失费", r"医药费", r"医疗费", r"误工费", r"免单",
        r"赔点", r"赔个", r"[假退]一赔", r"倍赔", r"赔[三3十]倍", r"得赔", r"双倍", r"加倍", r"治疗费", r"药费",
        r"费[^,.!?]{0,3}(?:你们|得|全)(?:全)?(?:包|出|承担|报)", r"承担.{0,6}费",
        r"要赔", r"必须赔", r"你们赔", r"补偿我", r"额外(?:赔|补偿)", r"送(?:我)?(?:个|点|一个)?(?:东西|赠品)?(?:补偿|当补偿)",
        r"检查费", r"打车费", r"营养费", r"赔给我", r"给我报了", r"报销给我", r"给我报销", r"你们报销", r"先行赔付",
    ],
    "abusive_language": [
        r"垃圾(?:店|商家|客服|玩意|东西|公司|平台)", r"骗子", r"傻[逼bB叉x×X屌]", r"(?<![a-z])sb(?![a-z])", r"煞笔", r"沙比", r"脑残",
        r"有病", r"脑子.{0,2}(?:有|进)", r"没脑子", r"滚(?:蛋|开|粗|远点|犊子)", r"(?:^|[,.!?\s])滚[!]*(?:$|[,.!?])", r"去死", r"死绝", r"吸血鬼", r"你大爷", r"土匪", r"狗(?:东西|商家|店|客服|日)", r"王八", r"草泥马",
        r"(?<![a-z])cnm(?![a-z])", r"nmsl", r"妈的", r"他妈", r"(?<![a-z])tm(?![a-z])", r"特么", r"尼玛", r"你妈", r"死全家", r"畜生",
        r"狗屎", r"废物", r"智障", r"白痴", r"混蛋", r"奸商", r"黑店", r"骗钱", r"不要脸", r"臭不要脸", r"贱",
        r"孙子", r"人渣", r"吃屎", r"(?<![a-z])wc(?![a-z])", r"卧槽", r"我靠", r"操你", r"fuck", r"nm[dD]", r"死骗子",
        r"坑爹", r"黑心(?:商家|店|老板|商|玩意|的店|厂家|厂)", r"眼瞎", r"(?<![a-z])操(?:了|你|蛋)?(?![作心])",
    ],
    "safety_risk": [
        r"过敏", r"红肿", r"起疹", r"疹子", r"发痒", r"瘙痒", r"刺痛", r"烂脸", r"拉肚子", r"腹泻", r"呕吐",
        r"肚子疼", r"肚子痛", r"胃疼", r"头晕", r"中毒", r"住院", r"医院", r"看医生", r"就医", r"急诊",
        r"受伤", r"划伤", r"划破", r"割伤", r"割破", r"烫伤", r"烧伤", r"流血", r"出血", r"误食", r"(?:孩子|宝宝|娃|小孩|狗|猫)[^,.!?]{0,6}吞", r"吞下",
        r"卡(?:住)?喉咙", r"冒烟", r"着火", r"起火", r"爆炸", r"炸了", r"漏电", r"触电", r"电到", r"自燃",
        r"异物", r"虫子", r"头发丝", r"窒息", r"呛(?:到|着)", r"咬伤", r"灼伤", r"发烧", r"皮炎", r"湿疹",
        r"痘痘", r"长痘", r"伤口", r"安全隐患", r"危险", r"烧焦", r"焦味", r"烫手", r"划手",
        r"喘不上气", r"(?:身体|肚子|胃|喉咙|嗓子)[^,.!?]{0,3}(?:不舒服|难受)", r"咽(?:下|了)", r"喉咙", r"发麻", r"心跳", r"心慌",
        r"烫红", r"红疹", r"痒", r"卡进", r"淤青", r"肿(?:了|起|得|胀)", r"(?:头|肚子|胃|眼睛)疼", r"疼得",
        r"吃坏", r"中招", r"药水味", r"甲醛",
        r"(?:手|指|脚|腿|胳膊|脸|嘴)[^,.!?]{0,6}口子", r"缝了.{0,2}针", r"流.{0,2}血", r"重金属", r"有害", r"对身体", r"吃(?:进|下)去", r"冒火星", r"火星子", r"冒火", r"点着了", r"(?:把|给)[^,.!?]{0,6}点着", r"烧着了", r"发红",
        r"起.{0,4}疙瘩", r"火烧", r"要人命", r"摔(?:倒|伤|了一跤)", r"(?:膝盖|手|头|腿|脸)[^,.!?]{0,3}摔破", r"吐(?:得|了|下泻)", r"上吐", r"闹肚子", r"拉稀",
        r"胃(?:里|疼|痛|难受)", r"烫(?:掉|起|出|红|伤)", r"烫得(?:手|我|皮|起|跳)", r"划了", r"毛刺", r"夹(?:住|伤|到)", r"青了", r"紫了", r"肿成",
        r"又红又肿", r"发炎", r"嗓子(?:疼|痛|发炎|哑)", r"小红点", r"起[^,.!?]{0,4}水泡", r"血泡", r"烧胶味", r"(?:电池|充电宝)[^,.!?]{0,4}鼓包", r"燎", r"砸(?:到|在|伤)",
        r"骨裂", r"骨折", r"扭(?:了|伤)", r"电死", r"(?:燃气|煤气)[^,.!?]{0,4}漏", r"冒黑烟", r"勒(?:到|住)?脖子",
        r"卡(?:进|住)[^,.!?]{0,4}(?:脖子|喉咙|手|脚|头)",
        r"(?:吃|咬|喝)(?:到|出)[^,.!?]{0,6}(?:针|铁丝|塑料|玻璃|钉|碴|渣|头发|虫|石子|异物)", r"碴子", r"差点[^,.!?]{0,6}(?:滑倒|摔|掉|撞|打进|点|吞|咽|着|电)",
        r"往嘴里", r"不敢(?:给|让)[^,.!?]{0,4}(?:宝宝|孩子|娃|小孩|老人)", r"(?:狗|猫|宠物)[^,.!?]{0,6}(?:拉稀|吐|抽搐|中毒|受伤)",
        r"结膜炎", r"皮疹", r"头皮", r"眼睛[^,.!?]{0,4}(?:红|疼|痛|肿|睁不开)", r"宝宝.{0,6}(?:吃|咬|吞|舔)",
    ],
}

_NEGATION = re.compile(r"(?:不会|不想|不打算|没打算|不至于|没想|不是要|先不|暂时不|并不|没有要|也不想)[^,.!?，。！？]{0,3}$")
_NEGATABLE = {"bad_review_threat", "platform_complaint", "legal_claim"}

_COMPILED = {flag: re.compile("|".join(f"(?:{c})" for c in cues)) for flag, cues in FLAG_CUES.items()}


def flag_cues(text: str) -> dict[str, list[str]]:
    """The flags whose cues occur in `text`, each with the cues that fired."""
    lowered = text.lower()
    hits: dict[str, list[str]] = {}
    for flag, pattern in _COMPILED.items():
        for m in pattern.finditer(lowered):
            if flag in _NEGATABLE and _NEGATION.search(lowered[max(0, m.start() - 10) : m.start()]):
                continue
            hits.setdefault(flag, []).append(m.group())
    return hits


_EXCLAIM = re.compile(r"!")
_QUESTION = re.compile(r"\?")
_REPEAT_PUNCT = re.compile(r"[!?。.]{3,}")
_ANGRY_EMOJI = re.compile("[\U0001F620\U0001F621\U0001F624\U0001F92C\U0001F47F\U0001F4A2\U0001F595]")
_SAD_EMOJI = re.compile("[\U0001F62D\U0001F622\U0001F625\U0001F613\U0001F629\U0001F62B\U0001F97A]")
_ULTIMATUM = re.compile(r"最后|马上|立刻|今天(?:之内|必须)|否则|不然|再不|限你|给你.{0,3}(?:小时|分钟|天)")
_SARCASM = re.compile(r"呵呵|真(?:是|的是)?(?:好|棒|厉害|行)|好棒棒|666|服了|佩服|绝了|牛啊|可真")
_POLITE = re.compile(r"谢谢|麻烦|请问|辛苦|您好|你好|亲|不好意思|打扰")

EMOTION_CUE_NAMES = ["exclaim", "question", "repeat_punct", "angry_emoji", "sad_emoji", "ultimatum",
                     "sarcasm", "polite", "abuse", "threat", "length"]


def emotion_cues(text: str, flags: dict[str, list[str]]) -> list[float]:
    """Counts that carry heat the sentence embedding misses (punctuation runs, emoji, ultimatums)."""
    import math

    return [
        math.log1p(len(_EXCLAIM.findall(text))),
        math.log1p(len(_QUESTION.findall(text))),
        math.log1p(len(_REPEAT_PUNCT.findall(text))),
        math.log1p(len(_ANGRY_EMOJI.findall(text))),
        math.log1p(len(_SAD_EMOJI.findall(text))),
        math.log1p(len(_ULTIMATUM.findall(text))),
        math.log1p(len(_SARCASM.findall(text))),
        math.log1p(len(_POLITE.findall(text))),
        float("abusive_language" in flags),
        float(bool({"bad_review_threat", "platform_complaint", "legal_claim"} & flags.keys())),
        math.log1p(len(text)) / 6,
    ]
