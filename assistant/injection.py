"""Spotting text that tries to instruct the model instead of describing a problem.

A complaint is data: the prompt puts it inside a delimited slot and the ranker checks every draft,
so an injection inside a complaint cannot change a promise. This detector is for the places where
text becomes part of the model's instructions for *other* customers: an approved case is shown to
the model as an example turn, so a case carrying an injection is refused by curation. It is also
reported as a risk signal to the agent.
"""

import re

_PATTERNS = re.compile(
    "|".join(
        [
            r"(忽略|无视|忘记|忘掉|不要理会|跳过)(掉)?(你)?(以上|上面|之前|前面|上述|先前|所有|全部)(的)?(所有|全部)?(指令|指示|规则|提示|要求|设定|内容|话)",
            r"系统提示词|系统指令|system\s*(prompt|message|instruction)",
            r"(提示词|prompt)(是什么|发给我|告诉我|原文|打印|输出|泄露)",
            r"(输出|打印|告诉我|发给我|复述|重复)(一下)?(你的|你收到的)?(系统)?(提示词|指令|设定|规则)",
            r"(你现在是|从现在起你是|现在开始你是|扮演|你的新身份|你不再是)",
            r"(店主|老板|掌柜|管理员|开发者|上级)(指令|指示|命令|授权|通知)[:：]",
            r"(回复|回答|告诉顾客|你要说|你必须说)[:：]?\s*[\"“]?\s*(同意|已经|马上)?(赔|退|补偿)",
            r"(ignore|disregard|forget)\s+(all\s+|any\s+)?(the\s+)?(previous|prior|above|earlier)\s+(instructions|rules|prompts?)",
            r"(reveal|print|show|repeat|output)\s+(me\s+)?(your|the)\s+(system\s+)?(prompt|instructions)",
            r"you\s+are\s+now\s+",
            r"act\s+as\s+(an?\s+)?",
            r"</?\s*(system|assistant|user|im_start|im_end|instruction)s?\s*>",
            r"<\|im_(start|end)\|>|\[/?INST\]|<<SYS>>",
            r"(^|\n)\s*#{1,3}\s*(system|instruction|assistant)\b",
            r"(^|\n)\s*(system|assistant)\s*[:：]",
        ]
    ),
    re.IGNORECASE,
)


def find_injection(text: str) -> str | None:
    """The first instruction-like fragment in the text, or None."""
    m = _PATTERNS.search(text)
    return m.group(0).strip() if m else None
