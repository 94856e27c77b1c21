import datetime as dt

import pytest

from assistant.facts import extract_facts
from assistant.normalize import normalize
from assistant.numerals import parse_number
from assistant.pii import mask_pii

TODAY = dt.date(2026, 11, 22)


def facts(text: str):
    return extract_facts(mask_pii(normalize(text)).text, today=TODAY)


@pytest.mark.parametrize(
    "text, value",
    [("一千二", 1200), ("两百", 200), ("三百五", 350), ("十五", 15), ("二十", 20), ("一百零八", 108),
     ("一万五", 15000), ("1万5", 15000), ("一万零五百", 10500), ("两千三百四十五", 2345), ("1千2", 1200),
     ("99.9", 99.9), ("十", 10)],
)
def test_chinese_numerals(text, value):
    assert parse_number(text) == value


def test_non_numbers_are_none():
    assert parse_number("快递") is None
    assert parse_number("") is None


@pytest.mark.parametrize(
    "text, amount",
    [("99块9的口红", 99.9), ("花了一千二买的羽绒服", 1200), ("两百多块钱的东西", 200), ("¥358 买的", 358),
     ("三十八块五", 38.5), ("实付199.5", 199.5), ("才五毛钱", 0.5), ("一共358元", 358)],
)
def test_amounts(text, amount):
    assert facts(text).amount == amount


def test_all_amounts_are_kept_in_order():
    assert facts("付了98只退了80块").amounts == [98, 80]


def test_counts_are_not_amounts():
    assert facts("付了一次扣了两次").amount is None


@pytest.mark.parametrize(
    "text, courier",
    [("中通快递三天没动", "中通"), ("顺丰的", "顺丰"), ("走的EMS", "邮政EMS"), ("邮政慢死了", "邮政EMS"),
     ("极兔又丢件", "极兔"), ("京东快递很快", "京东物流"), ("韵达", "韵达"), ("圆通", "圆通"), ("申通", "申通")],
)
def test_couriers(text, courier):
    assert facts(text).courier == courier


def test_a_shop_name_is_not_a_courier():
    assert facts("京东上买的更便宜").courier is None


@pytest.mark.parametrize(
    "text, days",
    [("等了三天了", 3), ("都一个星期了还没到", 7), ("半个月了", 15), ("一个多月了还没发", 30), ("48小时了还不发货", 2),
     ("12号下的单到现在没发", 10), ("11月2号下单的", 20), ("上周五下的单", 9), ("一个半月了", 45), ("等了10天", 10)],
)
def test_days_waited(text, days):
    assert facts(text).days_waited == days


@pytest.mark.parametrize("text", ["七天无理由退货", "说好3天内发货", "价保30天", "质保一年"])
def test_rules_and_promises_are_not_days_waited(text):
    assert facts(text).days_waited is None


def test_order_id_and_product():
    f = facts("订单号:6917 3428 0051 2297 的羽绒服还没发")
    assert f.order_id == "6917342800512297"
    assert f.product == "羽绒服"


def test_a_phone_number_never_comes_back_as_an_order_id():
    f = facts("电话13812345678，单号呢")
    assert f.order_id is None


def test_tracking_number_is_separate_from_order_id():
    f = facts("运单号:YT1234567890 不动了")
    assert f.tracking_no == "YT1234567890" and f.order_id is None


def test_long_text_is_fast_enough():
    import time

    text = "快递三天没动了,花了一千二!" * 8000
    t = time.perf_counter()
    facts(text)
    assert time.perf_counter() - t < 5
