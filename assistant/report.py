"""The tone report: one self-contained HTML file a team lead opens offline.

Charts are inline SVG, styles inline, no scripts or external assets. Every text from the data is
escaped (a reply containing <script> shows as text). For each of the worst replies the report
shows a better one when it can: the approved reply of the most similar resolved case.
"""

import html
import os
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from . import labels

WORST = 20
_BINS = [(1.0, 1.5), (1.5, 2.0), (2.0, 2.5), (2.5, 3.0), (3.0, 3.5), (3.5, 4.0), (4.0, 4.5), (4.5, 5.01)]


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _bar_color(score: float) -> str:
    return "#c0392b" if score < 2.5 else "#e67e22" if score < 3.5 else "#27ae60"


def histogram_svg(scores: list[float]) -> str:
    counts = [sum(lo <= s < hi for s in scores) for lo, hi in _BINS]
    top, width, height = max(counts + [1]), 44, 160
    bars = []
    for i, ((lo, _), n) in enumerate(zip(_BINS, counts)):
        h = 0 if not n else max(2, n / top * (height - 30))
        x, y = 30 + i * (width + 8), height - 20 - h
        bars.append(
            f'<rect x="{x}" y="{y:.1f}" width="{width}" height="{h:.1f}" fill="{_bar_color(lo)}"/>'
            f'<text x="{x + width / 2}" y="{y - 4:.1f}" font-size="11" text-anchor="middle">{n}</text>'
            f'<text x="{x + width / 2}" y="{height - 5}" font-size="11" text-anchor="middle">{lo:g}</text>'
        )
    total_width = 30 + len(_BINS) * (width + 8)
    return (f'<svg role="img" aria-label="分数分布" width="{total_width}" height="{height}" '
            f'xmlns="http://www.w3.org/2000/svg">{"".join(bars)}</svg>')  # fmt: skip


def violations_svg(counts: Counter, total: int) -> str:
    rows = [(v, counts.get(v, 0)) for v in labels.tone_violations()]
    rows.sort(key=lambda r: -r[1])
    top, bar_max, line = max([n for _, n in rows] + [1]), 320, 22
    parts = []
    for i, (v, n) in enumerate(rows):
        y, w = 8 + i * line, n / top * bar_max
        share = f"{n / total:.0%}" if total else "0%"
        parts.append(
            f'<text x="0" y="{y + 13}" font-size="12">{_e(v)}</text>'
            f'<rect x="150" y="{y}" width="{w:.1f}" height="16" fill="#8e44ad"/>'
            f'<text x="{156 + w:.1f}" y="{y + 13}" font-size="11">{n}（{share}）</text>'
        )
    return (f'<svg role="img" aria-label="违规类型" width="560" height="{16 + len(rows) * line}" '
            f'xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>')  # fmt: skip


def agent_rows(items: list[tuple[dict, dict]]) -> list[dict]:
    by_agent: dict[str, list[dict]] = defaultdict(list)
    for _, result in items:
        if result.get("agent"):
            by_agent[result["agent"]].append(result)
    rows = []
    for agent, results in by_agent.items():
        scores = [r["score"] for r in results]
        top = Counter(v for r in results for v in r["violations"]).most_common(1)
        rows.append({
            "agent": agent, "n": len(results), "mean": statistics.mean(scores),
            "poor_share": sum(s <= 2.5 for s in scores) / len(scores), "top_violation": top[0][0] if top else "—",
        })  # fmt: skip
    return sorted(rows, key=lambda r: r["mean"])


def render(
    items: list[tuple[dict, dict]], failed: int, better: Callable[[dict], str | None] | None = None, title: str = "客服回复语气报告"
) -> str:
    """items: (input row, ToneResult dict) for every scored line."""
    scores = [r["score"] for _, r in items]
    counts = Counter(v for _, r in items for v in r["violations"])
    descriptions = labels.tone_violation_descriptions()
    worst = sorted(items, key=lambda it: it[1]["score"])[:WORST]
    agents = agent_rows(items)
    mean = f"{statistics.mean(scores):.2f}" if scores else "—"
    poor = f"{sum(s <= 2.5 for s in scores) / len(scores):.0%}" if scores else "—"

    out = [
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{_e(title)}</title><style>",
        "body{font-family:system-ui,'PingFang SC','Noto Sans CJK SC',sans-serif;margin:24px;max-width:1100px;color:#222}",
        "table{border-collapse:collapse;width:100%;margin:8px 0 24px}td,th{border:1px solid #ddd;padding:6px;vertical-align:top;text-align:left}",
        "th{background:#f4f4f4}.score{font-weight:bold}.low{color:#c0392b}.tag{display:inline-block;background:#f3e5f5;",
        "border-radius:4px;padding:1px 6px;margin:1px;font-size:12px}.better{background:#eafaf1}.muted{color:#777;font-size:13px}",
        "</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f"<p>已评分 <b>{len(items)}</b> 条，失败 <b>{failed}</b> 条；平均分 <b>{mean}</b>（1-5，5=示范级安抚）；"
        f"2.5 分及以下占 <b>{poor}</b>。<span class='muted'>生成于 {datetime.now():%Y-%m-%d %H:%M}</span></p>",
        "<h2>分数分布</h2>", histogram_svg(scores),
        "<h2>违规类型</h2>", violations_svg(counts, len(items)),
        "<table><tr><th>违规</th><th>含义</th><th>条数</th></tr>",
        *[f"<tr><td>{_e(v)}</td><td>{_e(descriptions.get(v, ''))}</td><td>{counts.get(v, 0)}</td></tr>"
          for v in labels.tone_violations()],
        "</table>",
    ]  # fmt: skip
    if agents:
        out += ["<h2>按客服</h2><table><tr><th>客服</th><th>条数</th><th>平均分</th><th>≤2.5 分占比</th><th>最常见问题</th></tr>"]
        out += [
            f"<tr><td>{_e(a['agent'])}</td><td>{a['n']}</td><td class='score'>{a['mean']:.2f}</td>"
            f"<td>{a['poor_share']:.0%}</td><td>{_e(a['top_violation'])}</td></tr>"
            for a in agents
        ]
        out.append("</table>")
    out.append(f"<h2>最差的 {len(worst)} 条回复</h2><table><tr><th>id</th><th>分数</th><th>顾客说</th><th>回复</th><th>问题与原因</th></tr>")
    for row, result in worst:
        tags = "".join(f"<span class='tag'>{_e(v)}</span>" for v in result["violations"])
        reasons = "<br>".join(_e(r) for r in result["reasons"])
        out.append(
            f"<tr><td>{_e(result.get('id') or '')}<br><span class='muted'>{_e(result.get('agent') or '')}</span></td>"
            f"<td class='score low'>{result['score']:.2f}</td><td>{_e((row.get('complaint') or '—')[:200])}</td>"
            f"<td>{_e(row['reply'][:400])}</td><td>{tags}<br>{reasons}</td></tr>"
        )
        suggestion = better(row) if better and row.get("complaint") else None
        if suggestion:
            out.append(
                f"<tr class='better'><td colspan='2'>更好的说法</td><td colspan='3'>{_e(suggestion)}"
                "<br><span class='muted'>来自最相似的已审核案例，发送前请按本单情况调整</span></td></tr>"
            )
    out.append("</table></body></html>")
    return "\n".join(out)


def write_report(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
