import pytest

from assistant.lexicon import flag_cues


@pytest.mark.parametrize(
    "flag, text",
    [
        ("bad_review_threat", "不处理我就给差评"),
        ("bad_review_threat", "我要拍视频发抖音曝光你们"),
        ("bad_review_threat", "一星走起"),
        ("platform_complaint", "我要打12315"),
        ("platform_complaint", "申请平台介入了"),
        ("platform_complaint", "去市场监管局投诉你们"),
        ("legal_claim", "假一赔三懂不懂"),
        ("legal_claim", "我找律师起诉你们"),
        ("legal_claim", "按消费者权益保护法来"),
        ("compensation_demand", "必须赔偿我的损失"),
        ("compensation_demand", "精神损失费也得给"),
        ("compensation_demand", "医药费你们出"),
        ("abusive_language", "垃圾店骗子"),
        ("abusive_language", "你们客服有病吧"),
        ("abusive_language", "sb商家"),
        ("safety_risk", "用了脸过敏红肿"),
        ("safety_risk", "孩子吃了拉肚子"),
        ("safety_risk", "充电器冒烟了差点着火"),
        ("safety_risk", "宝宝误食了小零件"),
    ],
)
def test_each_flag_has_cues(flag, text):
    assert flag in flag_cues(text)


@pytest.mark.parametrize(
    "flag, text",
    [
        ("bad_review_threat", "我不会给差评的，你们处理好就行"),
        ("platform_complaint", "我不想投诉，就想解决问题"),
        ("abusive_language", "无语了，服了你们"),
        ("compensation_demand", "退钱就行"),
        ("legal_claim", "快递三天没动了"),
    ],
)
def test_absent_or_negated_cues_do_not_fire(flag, text):
    assert flag not in flag_cues(text)


def test_cues_are_case_insensitive():
    assert "abusive_language" in flag_cues("SB客服")
