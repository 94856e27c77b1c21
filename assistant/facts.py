"""Order facts a complaint names: order id, money amounts, courier, days waited, product.

Works on normalized, PII-masked text, so a phone number can never come back as an order id.
Every pattern is linear in the text length; a 100,000-character paste is fine.
"""

import datetime as dt
import re

from .numerals import NUMBER_CHARS, parse_number
from .schema import Facts

_N = f"[{NUMBER_CHARS}]+"

_ORDER_ID = re.compile(r"(?:订单编号|订单号|订单|单号|order\s*(?:id|no\.?)?)\s*(?:是|为|:)?\s*(?P<v>\d(?:[ -]?\d){9,24})(?![0-9])", re.I)
_TRACKING = re.compile(r"(?:快递单号|运单号|物流单号|快递号)\s*(?:是|为|:)?\s*(?P<v>[A-Za-z]{0,4}\d(?:[ -]?\d){7,24})(?![0-9])")
_LONG_DIGITS = re.compile(r"(?<![0-9])\d(?:[ ]?\d){15,18}(?![0-9])")

# money: ¥358 / 358元 / 99块9 / 三十八块五 / 五毛 / 两百多块 / 1200多
_YUAN_JIAO = re.compile(rf"(?P<y>{_N})\s*(?:块钱|块|元)(?P<j>[0-9一二三四五六七八九两])(?:毛|角)?(?![0-9一二三四五六七八九十百千万])")
_MONEY_PREFIX = re.compile(r"(?:¥|\$|rmb|RMB)\s*(?P<v>\d+(?:\.\d+)?)")
_MONEY_SUFFIX = re.compile(rf"(?P<v>{_N})\s*(?P<more>多)?\s*(?:块钱|块|元|rmb|RMB)")
_JIAO = re.compile(r"(?P<v>[0-9一二三四五六七八九两]+)\s*(?:毛钱|毛|角)")
_PAID = re.compile(
    rf"(?:花了|付了|付款|实付|支付了|扣了|退了|才退|价格|售价)\s*(?P<v>{_N})(?![0-9.]|\s*(?:次|个|件|天|遍|下|单|遍|份|双|套|箱|包|瓶|盒))"
)

COURIERS: dict[str, str] = {
    "顺丰": r"顺丰|sf(?:快递|express)|SF(?=\d{8,})",
    "中通": r"中通",
    "圆通": r"圆通",
    "韵达": r"韵达",
    "申通": r"申通",
    "极兔": r"极兔|j&t",
    "京东物流": r"京东(?:快递|物流|配送)",
    "邮政EMS": r"邮政|ems|EMS|中国邮",
    "德邦": r"德邦",
    "百世": r"百世",
    "天天快递": r"天天快递",
    "丹鸟": r"丹鸟",
    "安能": r"安能",
    "跨越速运": r"跨越速运",
    "菜鸟": r"菜鸟(?!驿站)",
}
_COURIER = re.compile("|".join(f"(?P<c{i}>{p})" for i, p in enumerate(COURIERS.values())), re.I)
_COURIER_NAMES = list(COURIERS)

_DURATION = re.compile(
    rf"(?P<n>{_N}|半)\s*(?P<half>个半)?(?:个)?\s*(?P<more>多)?\s*(?P<u>天|日|星期|礼拜|周|月|小时)(?P<plus>多)?"
)
# a duration that is a rule or a promise, not time already spent
_NOT_WAITED = re.compile(r"^(?:无理由|内|之内|以内|包退|包换|保价|价保|后|质保|保修|试用|退换|左右发货|发货)")
_WAITED_CUE = re.compile(r"(?:了|都|已经|等了|足足|整整|快|过去|还没|还不|没到|没发|没动|没更新|没有)")
_ORDER_DATE = re.compile(
    r"(?:(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})月)?(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})(?:号|日)\s*(?:就)?"
    r"(?:下的单|下单|拍的|拍下|买的|付的款|付款|订的)"
)
_WEEKDAY_ORDER = re.compile(r"上(?:个)?(?:周|星期|礼拜)(?P<w>[一二三四五六日天])\s*(?:就)?(?:下的单|下单|拍的|买的|付的款|付款)")
_UNIT_DAYS = {"天": 1, "日": 1, "星期": 7, "礼拜": 7, "周": 7, "月": 30, "小时": 1 / 24}

PRODUCTS = (
    # clothing and shoes
    "羽绒服 棉服 大衣 风衣 外套 卫衣 毛衣 针织衫 衬衫 T恤 t恤 短袖 打底衫 连衣裙 半身裙 裙子 牛仔裤 阔腿裤 "
    "运动裤 裤子 睡衣 家居服 内衣 文胸 内裤 袜子 丝袜 西装 马甲 冲锋衣 羊毛衫 帽子 围巾 手套 "
    "运动鞋 跑鞋 板鞋 帆布鞋 高跟鞋 皮鞋 靴子 雪地靴 马丁靴 拖鞋 凉鞋 童鞋 鞋子 鞋 "
    # beauty
    "口红 唇釉 粉底液 气垫 眼影 睫毛膏 眉笔 面膜 精华液 精华 面霜 乳液 爽肤水 水乳 防晒霜 防晒 洗面奶 卸妆油 "
    "香水 洗发水 护发素 沐浴露 身体乳 牙膏 染发剂 指甲油 "
    # food and fresh
    "零食 坚果 饼干 蛋糕 月饼 牛肉干 辣条 螺蛳粉 方便面 咖啡 茶叶 奶粉 牛奶 酸奶 蜂蜜 大米 食用油 "
    "车厘子 樱桃 草莓 芒果 榴莲 苹果 橙子 猕猴桃 葡萄 荔枝 桃子 水果 海鲜 大闸蟹 螃蟹 虾 鱼 牛排 鸡蛋 "
    "粽子 白酒 红酒 啤酒 饮料 "
    # electronics and appliances
    "手机壳 手机膜 钢化膜 手机 平板 笔记本电脑 电脑 键盘 鼠标 耳机 蓝牙耳机 充电宝 充电器 数据线 音箱 "
    "手表 手环 相机 显示器 路由器 U盘 硬盘 游戏机 "
    "空气炸锅 电饭煲 电压力锅 微波炉 烤箱 破壁机 豆浆机 榨汁机 电水壶 热水壶 吹风机 电吹风 扫地机器人 "
    "吸尘器 洗衣机 冰箱 空调 电视 电风扇 风扇 加湿器 电热毯 取暖器 热水器 净水器 剃须刀 电动牙刷 "
    # home
    "四件套 被子 枕头 床垫 床单 毛巾 浴巾 窗帘 地毯 收纳盒 衣架 锅 炒锅 保温杯 水杯 杯子 碗 筷子 "
    "台灯 灯 拖把 垃圾桶 纸巾 洗衣液 "
    # baby, pets, toys
    "纸尿裤 尿不湿 奶瓶 婴儿车 推车 安全座椅 辅食 玩具 积木 拼图 毛绒玩具 盲盒 "
    "猫粮 狗粮 猫砂 猫抓板 宠物 "
    # books, sport, jewellery, bags, furniture
    "书 绘本 教材 笔记本 笔 文具 书包 瑜伽垫 哑铃 自行车 帐篷 "
    "项链 手链 戒指 耳环 耳钉 金镯子 手镯 首饰 "
    "包包 背包 双肩包 行李箱 钱包 "
    "沙发 椅子 桌子 书桌 衣柜 床 柜子 "
    "维生素 鱼油 蛋白粉 钙片 益生菌 保健品"
).split()
_PRODUCT = re.compile("|".join(sorted(map(re.escape, set(PRODUCTS)), key=len, reverse=True)))


def _amounts(text: str) -> list[tuple[int, float]]:
    found: list[tuple[int, float]] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, value: float | None) -> None:
        if value is None or value <= 0 or any(start < e and end > s for s, e in taken):
            return
        taken.append((start, end))
        found.append((start, round(value, 2)))

    for m in _YUAN_JIAO.finditer(text):
        y, j = parse_number(m.group("y")), parse_number(m.group("j"))
        if y is not None and j is not None:
            add(m.start(), m.end(), y + j / 10)
    for m in _MONEY_PREFIX.finditer(text):
        add(m.start(), m.end(), float(m.group("v")))
    for m in _MONEY_SUFFIX.finditer(text):
        add(m.start(), m.end(), parse_number(m.group("v")))
    for m in _JIAO.finditer(text):
        v = parse_number(m.group("v"))
        add(m.start(), m.end(), v / 10 if v is not None else None)
    for m in _PAID.finditer(text):
        add(m.start("v"), m.end("v"), parse_number(m.group("v")))
    return sorted(found)


def _days_since(day: int, month: int | None, today: dt.date) -> int | None:
    year, mon = today.year, month or today.month
    try:
        date = dt.date(year, mon, day)
    except ValueError:
        return None
    if date > today:
        if month is not None:
            date = date.replace(year=year - 1)
        else:  # "28号下的单" in early December means November
            prev = (today.replace(day=1) - dt.timedelta(days=1))
            try:
                date = prev.replace(day=day)
            except ValueError:
                return None
    days = (today - date).days
    return days if 0 <= days <= 366 else None


def _days_waited(text: str, today: dt.date) -> int | None:
    m = _ORDER_DATE.search(text)
    if m:
        day = parse_number(m.group("d"))
        month = parse_number(m.group("m")) if m.group("m") else None
        if day and 1 <= day <= 31:
            days = _days_since(int(day), int(month) if month else None, today)
            if days is not None:
                return days
    m = _WEEKDAY_ORDER.search(text)
    if m:
        target = "一二三四五六日".find(m.group("w").replace("天", "日"))
        back = today.weekday() + 7 - target
        return back
    best: int | None = None
    for m in _DURATION.finditer(text):
        if _NOT_WAITED.match(text[m.end() : m.end() + 4]):
            continue
        context = text[max(0, m.start() - 6) : m.end() + 3]
        if not _WAITED_CUE.search(context):
            continue
        n = 0.5 if m.group("n") == "半" else parse_number(m.group("n"))
        if n is None:
            continue
        if m.group("half"):
            n += 0.5
        days = n * _UNIT_DAYS[m.group("u")]
        if 0 < days <= 366:
            best = max(best or 0, round(days) or 1)
    return best


def extract_facts(text: str, today: dt.date | None = None) -> Facts:
    today = today or dt.date.today()
    facts = Facts()
    m = _ORDER_ID.search(text)
    if m:
        facts.order_id = re.sub(r"\D", "", m.group("v"))
    m = _TRACKING.search(text)
    if m:
        facts.tracking_no = re.sub(r"[ -]", "", m.group("v"))
    if facts.order_id is None:
        for m in _LONG_DIGITS.finditer(text):
            digits = re.sub(r"\D", "", m.group())
            if digits != facts.tracking_no:
                facts.order_id = digits
                break
    amounts = _amounts(text)
    facts.amounts = [v for _, v in amounts]
    facts.amount = facts.amounts[0] if facts.amounts else None
    m = _COURIER.search(text)
    if m:
        facts.courier = _COURIER_NAMES[int(m.lastgroup[1:])]
    facts.days_waited = _days_waited(text, today)
    m = _PRODUCT.search(text)
    if m:
        facts.product = m.group()
    return facts
