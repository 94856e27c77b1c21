import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from assistant.normalize import normalize


def test_full_width_digits_letters_and_punctuation_fold_to_ascii():
    assert normalize("订单ＡＢ１２３４５！") == "订单AB12345!"


def test_zero_width_and_control_characters_are_removed():
    assert normalize("退\u200b款\u200c了\ufeff吗\x07") == "退款了吗"


def test_whitespace_collapses_to_single_spaces():
    assert normalize("  快递\t\n\n  还没到   ") == "快递 还没到"


def test_traditional_becomes_simplified():
    assert normalize("這個東西質量太差了，我要退貨") == "这个东西质量太差了,我要退货"


def test_emoji_are_kept_including_joined_sequences():
    family = "👩\u200d👧"
    assert normalize(f"气死了😡😡{family}") == f"气死了😡😡{family}"


def test_a_joiner_between_letters_is_dropped():
    assert normalize("差\u200d评") == "差评"


@given(st.text(max_size=200))
def test_normalize_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


@given(st.text(max_size=200))
def test_normalized_text_has_no_control_or_zero_width_characters(text):
    out = normalize(text)
    assert not any(unicodedata.category(c) == "Cc" for c in out)
    assert not any(c in out for c in "\u200b\u200c\ufeff\u2060")
    assert out == out.strip() and "  " not in out
