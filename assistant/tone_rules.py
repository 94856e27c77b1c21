"""Tone violations that explicit rules catch reliably, each with a short Chinese reason.

These are the violations where one phrase is enough evidence (personal data, WeChat, 假一赔十,
"拉黑", "不可能"). Curation refuses a reply that trips them, the ranker uses them as hard checks,
and the trained tone scorer adds them on top of what it learns. Patterns stay narrow on purpose:
a false alarm here blocks a trainer's good case.
"""

import re
from dataclasses import dataclass

from .numerals import parse_number
from .pii import mask_pii

# A time the customer can hold us to: "2小时内", "今天18点前", "明天上午", "48小时".
TIME_RE = re.compile(
    r"(\d+|[一二两三四五六七八九十半]+)\s*(个)?(小时|分钟|工作日|天内|天之内|天|点|号|日)"
    r"|今天|今晚|明天|明早|后天|今日|本周|下午|上午|中午|晚上|马上|立刻|现在就|这就"
)


@dataclass(frozen=True)
class Hit:
    violation: str
    reason: str
    evidence: str


def _rx(*parts: str) -> re.Pattern:
    return re.compile("|".join(parts))


_OFFPLATFORM = _rx(
    r"加(我|一下|个)?(的)?(个人|企业|私人)?(微信|薇信|vx|VX|v信|V信|wx|WX|qq|QQ|扣扣)",
    r"(微信|vx|VX|支付宝|银行卡)(上|里)?(直接|私下)?(转|打)(给)?(您|你)",
    r"私下(转账|交易|处理|联系|解决|沟通|退)(?!没有保障|不安全|有风险|都是骗)",
    r"(别|不要|不用)(在)?(平台|抖音)(上)?(说|申请|投诉|退款|点|操作)",
    r"线下(交易|转账|处理)",
    r"(微信|vx|VX|QQ)号?[是为:：]",
)
_OVER_PROMISE = _rx(
    r"假一赔(十|10|百|五|5)",
    r"赔(您|你)?(十|10|二十|20)倍",
    r"(十|10)倍赔",
    r"(保证|肯定|一定)(明天|今天|今晚|马上|24小时内)(就)?(能|会)?(到|送到|收到)",
    r"无条件(全额)?(退款|赔|补偿)",
    r"全额退款(之后|后|再|并且|并|还)(额外)?(补偿|赔|送)",
    r"(双倍|两倍|三倍)(赔偿|退款|补偿)",
    r"不用退(货|回)?.{0,6}(全额|全部)退(款|钱)",
    r"差价(翻倍|双倍)",
)
# "补偿您三百元": an amount above what an agent may give alone (shop.yaml caps; checked in code)
_COMPENSATION_AMOUNT = re.compile(
    r"(补偿|赔|补|送|返|红包|无门槛券|现金)(给)?(您|你)?(一个|一张)?"
    r"(?P<n>\d+|[一二两三四五六七八九十百千]+)\s*(元|块)"
)
_THREAT = _rx(
    r"拉黑(您|你)",
    r"(把|将)(您|你)(的账号)?.{0,3}(拉黑|黑名单)",
    r"(您|你)(会|将)?被(拉黑|列入黑名单)",
    r"(起诉|告)(您|你)",
    r"追究.{0,8}法律责任",
    r"保留.{0,4}(追究|法律|起诉)",
    r"法律程序",
    r"结束(本次)?服务",
    r"(恶意|敲诈|勒索).{0,6}(报警|起诉|追究)",
    r"(报警|110).{0,6}(处理|抓)",
    r"再(闹|骂|投诉).{0,8}(就|我们)",
    r"后果自负",
)
_ARGUES = _rx(
    r"不可能",
    r"(质检|检测|检查)(非常|很|特别|都很)?严(格)?",
    r"(绝对|肯定)(不会|没有|不是)(是)?(我们|质量|商品)",
    r"(我们|商品|产品)(的)?(质量)?(绝对|肯定)没(有)?问题",
    r"(别人|其他(顾客|客户|买家))都(没|不)",
    r"灯光(的)?问题",
    r"(?<!不是)(?<!非)正常现象",
    r"不算质量问题",
    r"(跟|和|与)(我们|我们店|店铺|产品|商品)(店)?(没|无)(有)?(任何)?关系",
    r"以实物为准",
    r"不会(出错|错的|发错)",
    r"(您|你)(说的)?不(对|属实)",
)
_BLAMES = _rx(
    r"是不是(您|你)(自己|家人|洗|没|操作|用|弄|放|拆|看)",
    r"(您|你)(自己)?(下单|购买|买)(之)?前(没|不)(看|仔细)",
    r"(您|你)(自己)?(没|不)(仔细)?看(清楚)?(详情|描述|尺码表|页面)",
    r"(使用|操作|洗涤|保存)(不当|方法不对)",
    r"(?<!不)(是|属于)(您|你)(自己)?的问题",
    r"(属于|是|判定为|鉴定为|就是)人为(损坏|造成)",
    r"(您|你)(自身|自己的)体质",
    r"(您|你)确定(真的)?(寄|发|没)",
    r"(您|你)没(认真|仔细)(听|看)",
)
_VAGUE = _rx(
    r"耐心等(待|候)?",
    r"尽快",
    r"稍后(给您)?(回复|处理|联系)",
    r"会有(专人|同事)(联系|处理)",
    r"(专员|同事|专人)会.{0,6}(联系|处理)",
    r"请等待",
    r"再等等",
    r"(到时候|有结果|有消息|有货)(了)?(再|会)?(通知|告诉|联系)",
)
_POLICY_WRONG = _rx(
    r"(生鲜|水果|海鲜|鲜花|活体|定制).{0,12}(也|都|同样)?(?<!不)(支持|可以|能)(申请)?七天无理由",
    r"(签收|拆封|拆开|使用|试穿|穿)(了|后|过)?(就)?(不能|无法|不支持)(退|换|售后)",
    r"七天无理由.{0,4}从下单",
    r"没有开箱视频.{0,10}(没法|无法|不能|不予)",
    r"过了七天.{0,6}(任何问题)?(都)?(不|没法|无法)(管|处理|售后)",
    r"平台.{0,4}(不支持|没有|不允许)(任何)?仅退款",
    r"七天无理由.{0,8}运费(都)?(由)?(我们|店铺|商家)(来)?(出|承担|包)",
)

_RULES: list[tuple[str, re.Pattern, str]] = [
    ("pushes_offplatform", _OFFPLATFORM, "引导顾客离开平台（加微信/私下转账），顾客失去平台保障，店铺也会被处罚"),
    ("over_promise", _OVER_PROMISE, "承诺超出政策或权限的赔付/时效，兑现不了会再次激化"),
    ("threatens_customer", _THREAT, "威胁顾客，属于消极服务，极易被投诉"),
    ("argues", _ARGUES, "在和顾客争对错，先否认只会让顾客更生气"),
    ("blames_customer", _BLAMES, "把问题推给顾客，带着怀疑的语气"),
    ("policy_wrong", _POLICY_WRONG, "说错了平台/法律规则"),
]


# An agent quoting the customer or an earlier reply ("只换来一句“以实物为准”") is not saying it.
_QUOTED = re.compile(r"“[^”]{0,40}”|「[^」]{0,40}」|‘[^’]{0,40}’")


def check(reply: str, max_compensation_yuan: float = 50) -> list[Hit]:
    """Rule hits on one reply, at most one per violation, in a fixed order."""
    hits: list[Hit] = []
    kinds = set(mask_pii(reply).kinds)
    reply = _QUOTED.sub("“”", reply)
    # a WeChat/QQ id in a reply is the agent's own contact: that moves the buyer off the platform
    offplatform_ids = kinds & {"wechat", "qq"}
    if kinds - offplatform_ids:
        found = "、".join(sorted(kinds - offplatform_ids))
        hits.append(Hit("leaks_pii", f"回复里出现了顾客的个人信息（{found}），发出前必须删掉", found))
    for violation, pattern, reason in _RULES:
        m = pattern.search(reply)
        if m:
            hits.append(Hit(violation, reason, m.group(0)))
    if offplatform_ids and not any(h.violation == "pushes_offplatform" for h in hits):
        hits.append(Hit("pushes_offplatform", _RULES[0][2], "、".join(sorted(offplatform_ids))))
    if not any(h.violation == "over_promise" for h in hits):
        for m in _COMPENSATION_AMOUNT.finditer(reply):
            amount = parse_number(m.group("n"))
            if amount is not None and amount > max_compensation_yuan:
                hits.append(Hit("over_promise", f"补偿金额超出客服权限（{max_compensation_yuan:g}元以内），需要主管批准", m.group(0)))
                break
    m = _VAGUE.search(reply)
    if m and not TIME_RE.search(reply):
        hits.append(Hit("delays_vaguely", "只说了会处理却没有给出时间，顾客无从期待", m.group(0)))
    return hits


def has_time(reply: str) -> bool:
    return bool(TIME_RE.search(reply))
