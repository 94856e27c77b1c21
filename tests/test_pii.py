import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.normalize import normalize
from assistant.pii import id_check_digit_ok, luhn_ok, mask_pii


def masked(text: str) -> str:
    return mask_pii(normalize(text)).text


@pytest.mark.parametrize(
    "text, kind, placeholder",
    [
        ("电话13812345678有事打我", "mobile", "[手机号]"),
        ("手机:+86 138-1234-5678", "mobile", "[手机号]"),
        ("我手机号是１５９ ８８７６ ５４３２", "mobile", "[手机号]"),
        ("座机 010-62345678 白天有人", "landline", "[固话]"),
        ("身份证11010519491231002X实名的", "id_card", "[身份证号]"),
        ("退到卡号 6222 0202 0000 1234 567", "bank_card", "[银行卡号]"),
        ("我的卡4111111111111111", "bank_card", "[银行卡号]"),
        ("发票发邮箱 zhang.san_01@163.com", "email", "[邮箱]"),
        ("加我微信 wxid_k2x9abc 聊", "wechat", "[微信号]"),
        ("vx:LiMing_1990", "wechat", "[微信号]"),
        ("qq 84736251 找我", "qq", "[QQ号]"),
        ("寄到浙江省杭州市西湖区文三路88号2单元301室", "address", "[地址]"),
        ("送到朝阳区建国路93号院3号楼了也没人打电话", "address", "[地址]"),
    ],
)
def test_each_kind_is_masked_with_its_placeholder(text, kind, placeholder):
    result = mask_pii(normalize(text))
    assert kind in result.kinds
    assert placeholder in result.text


def test_the_original_value_is_gone():
    out = masked("电话13812345678，身份证11010519491231002X，卡6222020200001234567")
    assert not re.search(r"\d{6,}", out)


def test_order_ids_are_not_masked_as_bank_cards():
    text = "订单号:6917 3428 0051 2297 还没发货"
    assert masked(text) == normalize(text)


def test_an_id_number_with_a_wrong_check_digit_is_not_an_id():
    assert not id_check_digit_ok("110105194912310021")
    assert "[身份证号]" not in masked("编码110105194912310021")


def test_luhn():
    assert luhn_ok("4111111111111111")
    assert not luhn_ok("4111111111111112")


def test_plain_complaints_are_untouched():
    for text in ["快递三天没动了", "99块9的口红色号不对", "12号下的单", "七天无理由退货"]:
        assert masked(text) == normalize(text)


def test_spans_point_at_the_placeholders():
    result = mask_pii("电话13812345678谢谢")
    (span,) = result.spans
    assert result.text[span.start : span.end] == "[手机号]"


mobiles = st.builds(
    lambda second, rest: f"1{second}{rest}",
    st.sampled_from("3456789"),
    st.text(alphabet="0123456789", min_size=9, max_size=9),
)
filler = st.text(alphabet="快递退款什么时候到你们客服态度差了吗,!? ", max_size=20)


@given(filler, mobiles, filler)
def test_a_mobile_number_anywhere_is_masked(before, phone, after):
    out = masked(before + phone + after)
    assert phone not in out and "[手机号]" in out


@given(st.text(max_size=120))
def test_masking_is_idempotent(text):
    once = masked(text)
    assert mask_pii(once).text == once
