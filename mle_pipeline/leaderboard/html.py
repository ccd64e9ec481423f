"""The leaderboard as one self-contained HTML page: inline CSS and inline SVG, no scripts.

Opens offline (nothing is fetched), so it can be mailed, attached to a CI run or served
as a static file. Sections: the table; the any-medal rate per split with ±SEM error bars
per agent; every competition's mean score against its median and bronze thresholds.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime
from html import escape

import pandas as pd

from mle_pipeline.leaderboard.aggregate import SAMPLE_LABEL, SPLIT_LABELS, LeaderboardData


def _flag_cell(row: pd.Series) -> str:
    from mle_pipeline.leaderboard.render import _flag_cell as cell

    return cell(row)


PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2")
FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif"
RELATIVE_RANGE = (-2.0, 3.0)  # clip the per-competition axis (median = 0, bronze = 1)

CSS = (
    "body{"
    + FONT
    + """;margin:0 auto;max-width:1320px;padding:1.5rem;color:#1d2330}
h1{font-size:1.5rem;margin:0 0 .25rem} h2{font-size:1.15rem;margin:2rem 0 .5rem}
.meta{color:#5b6475;margin:0 0 1rem}
.banner{border:2px solid #b45309;background:#fff7e6;color:#7c2d12;padding:.6rem .9rem;
 border-radius:6px;font-weight:600;margin:1rem 0}
.info{border-left:4px solid #2563eb;background:#eff6ff;padding:.5rem .8rem;margin:.75rem 0}
.warn{border-left:4px solid #b91c1c;background:#fef2f2;padding:.5rem .8rem;margin:.75rem 0}
table{border-collapse:collapse;font-size:.85rem;width:100%}
th,td{border-bottom:1px solid #e3e7ee;padding:.3rem .5rem;text-align:right;white-space:nowrap}
.scroll{overflow-x:auto} td.w{white-space:normal;min-width:8rem}
th{background:#f4f6fa;position:sticky;top:0} td.l,th.l{text-align:left}
tr.flagged td.flag{color:#b91c1c;font-weight:600}
tr.sample td{background:#fffaf0} .tag{display:inline-block;background:#b45309;color:#fff;
 border-radius:4px;padding:0 .35rem;font-size:.72rem;font-weight:700;letter-spacing:.02em}
.kaggle{display:inline-block;background:#0f766e;color:#fff;border-radius:4px;
 padding:0 .35rem;font-size:.72rem;font-weight:700}
.note{color:#5b6475;font-size:.85rem} figure{margin:0} svg{max-width:100%;height:auto}
code{background:#f4f6fa;padding:0 .2rem;border-radius:3px}
"""
)


def _missing(value: object) -> bool:
    """None, NaN, ±inf or pandas' NA (reports may lack any optional field)."""
    if value is None or value is pd.NA:
        return True
    try:
        return not math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def _fmt(value: object, digits: int = 2) -> str:
    if _missing(value):
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _score(value: object) -> str:
    return "–" if _missing(value) else f"{float(value):.5g}"


def _direction(lower_is_better: object) -> str:
    if lower_is_better is None or lower_is_better is pd.NA:
        return "?"
    return "lower" if lower_is_better else "higher"


def _data_badge(row: pd.Series) -> str:
    if row["sample_data"]:
        return f'<span class="tag">{SAMPLE_LABEL}</span>'
    return f'<span class="kaggle">{escape(str(row["data"]))}</span>'


Series = tuple[str, object, bool, str]


def _series_key(row: pd.Series) -> Series:
    """One chart series per agent × data × setup (task text, preparation variant)."""
    return (row["agent"], row["data_source"], bool(row["sample_data"]), str(row.get("setup", "")))


def _series_name(key: Series) -> str:
    agent, data_source, sample, setup = key
    data = SAMPLE_LABEL if sample else f"Kaggle ({data_source})"
    return f"{agent} — {data}" + (f" — {setup}" if setup else "")


def _series(frame: pd.DataFrame) -> list[Series]:
    keys = {_series_key(row): None for _, row in frame.iterrows()}
    return sorted(keys, key=lambda k: (k[0], k[2], str(k[1]), k[3]))


def _defs(colors: Sequence[str]) -> str:
    """Hatch patterns: bars from sample data are striped so they never pass for real ones."""
    patterns = "".join(
        f'<pattern id="hatch{i}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{c}" '
        f'fill-opacity="0.35"/><line x1="0" y1="0" x2="0" y2="6" stroke="{c}" '
        'stroke-width="3"/></pattern>'
        for i, c in enumerate(colors)
    )
    return f"<defs>{patterns}</defs>"


def _legend(series, x: float, y: float) -> tuple[str, float]:
    parts, row_h = [], 18
    for i, key in enumerate(series):
        color = PALETTE[i % len(PALETTE)]
        fill = f"url(#hatch{i % len(PALETTE)})" if key[2] else color
        yy = y + i * row_h
        parts.append(
            f'<rect x="{x}" y="{yy - 10}" width="14" height="12" fill="{fill}" '
            f'stroke="{color}"/><text x="{x + 20}" y="{yy}" font-size="12">'
            f"{escape(_series_name(key))}</text>"
        )
    return "".join(parts), len(series) * row_h


# The two charts are plain SVG text: a plotting library (matplotlib, plotly) would add a
# large dependency, or JavaScript to the page, for two bar charts.
def medal_chart(summary: pd.DataFrame, metric: str = "any_medal") -> str:
    """Grouped bars: one group per split, one bar per agent × data, ±SEM error bars."""
    if summary.empty:
        return ""
    splits = [s for s in SPLIT_LABELS if s in set(summary["split"])]
    series = _series(summary)
    top = max(
        10.0,
        math.ceil(
            max((r[f"{metric}_pct_mean"] + r[f"{metric}_pct_sem"]) for _, r in summary.iterrows())
            / 10
        )
        * 10,
    )
    bar_w = max(8.0, min(36.0, 420 / max(1, len(series) * len(splits))))
    group_w = bar_w * len(series) + 28
    left, plot_h, pad_top = 56, 260, 20
    legend_h = 18 * len(series)
    width = int(left + group_w * len(splits) + 20)
    width = max(width, 520)
    height = int(pad_top + plot_h + 44 + legend_h + 10)

    def y(v: float) -> float:
        return pad_top + plot_h * (1 - v / top)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" style="{FONT}" '
        f'aria-label="{escape(metric)} rate per split with standard-error bars">',
        _defs(PALETTE),
    ]
    for tick in (top * k / 5 for k in range(6)):
        yy = y(tick)
        out.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{yy:.1f}" y2="{yy:.1f}" '
            'stroke="#e3e7ee"/>'
            f'<text x="{left - 6}" y="{yy + 4:.1f}" font-size="11" text-anchor="end">'
            f"{tick:g}%</text>"
        )
    out.append(
        f'<text x="14" y="{pad_top + plot_h / 2}" font-size="12" text-anchor="middle" '
        f'transform="rotate(-90 14 {pad_top + plot_h / 2})">'
        f"{escape(metric.replace('_', ' '))} % (mean ± SEM)</text>"
    )
    index = {key: i for i, key in enumerate(series)}
    for g, split in enumerate(splits):
        x0 = left + 14 + g * group_w
        out.append(
            f'<text x="{x0 + bar_w * len(series) / 2:.1f}" y="{pad_top + plot_h + 18}" '
            f'font-size="12" text-anchor="middle">{escape(SPLIT_LABELS[split])}</text>'
        )
        for _, row in summary[summary["split"] == split].iterrows():
            i = index[_series_key(row)]
            color = PALETTE[i % len(PALETTE)]
            fill = f"url(#hatch{i % len(PALETTE)})" if row["sample_data"] else color
            mean, sem = row[f"{metric}_pct_mean"], row[f"{metric}_pct_sem"]
            bx = x0 + i * bar_w
            label = (
                f"{_series_name(_series_key(row))}, "
                f"{SPLIT_LABELS[split]}: {mean:.2f} ± {sem:.2f} % over {row['n_seeds']} seed(s)"
            )
            out.append(
                f'<rect x="{bx:.1f}" y="{y(mean):.1f}" width="{bar_w - 3:.1f}" '
                f'height="{max(0.0, y(0) - y(mean)):.1f}" fill="{fill}" stroke="{color}">'
                f"<title>{escape(label)}</title></rect>"
            )
            out.append(
                f'<text x="{bx + (bar_w - 3) / 2:.1f}" y="{y(mean + sem) - 4:.1f}" '
                f'font-size="10" text-anchor="middle" fill="#333">{mean:.1f}</text>'
            )
            if sem > 0:
                cx = bx + (bar_w - 3) / 2
                lo, hi = y(max(0.0, mean - sem)), y(mean + sem)
                out.append(
                    f'<path d="M{cx:.1f},{lo:.1f}V{hi:.1f}M{cx - 4:.1f},{lo:.1f}h8'
                    f'M{cx - 4:.1f},{hi:.1f}h8" stroke="#111" stroke-width="1.3" fill="none"/>'
                )
    out.append(
        f'<line x1="{left}" x2="{width - 10}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#555"/>'
    )
    legend, _ = _legend(series, left, pad_top + plot_h + 44)
    out.append(legend)
    out.append("</svg>")
    return "".join(out)


def competition_chart(competitions: pd.DataFrame) -> str:
    """One row per competition: mean score on a common axis, median = 0 and bronze = 1."""
    if competitions.empty:
        return ""
    series = _series(competitions)
    index = {key: i for i, key in enumerate(series)}
    ids = list(dict.fromkeys(competitions["competition_id"]))
    lo, hi = RELATIVE_RANGE
    label_w, plot_w, row_h, pad_top = 300, 560, 22, 34
    legend_h = 18 * len(series)
    width = label_w + plot_w + 30
    height = pad_top + row_h * len(ids) + 30 + legend_h + 10

    def x(v: float) -> float:
        return label_w + plot_w * (min(max(v, lo), hi) - lo) / (hi - lo)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" style="{FONT}" '
        'aria-label="mean score per competition relative to the median and bronze thresholds">',
        _defs(PALETTE),
    ]
    bottom = pad_top + row_h * len(ids)
    for value, name, color in ((0.0, "median", "#6b7280"), (1.0, "bronze", "#b45309")):
        out.append(
            f'<line x1="{x(value):.1f}" x2="{x(value):.1f}" y1="{pad_top - 6}" '
            f'y2="{bottom}" stroke="{color}" stroke-width="1.5" stroke-dasharray="4 3"/>'
            f'<text x="{x(value):.1f}" y="{pad_top - 12}" font-size="11" '
            f'text-anchor="middle" fill="{color}">{name} threshold</text>'
        )
    for tick in range(int(lo), int(hi) + 1):
        out.append(
            f'<text x="{x(tick):.1f}" y="{bottom + 16}" font-size="10" '
            f'text-anchor="middle" fill="#5b6475">{tick}</text>'
        )
    out.append(
        f'<text x="{label_w + plot_w / 2}" y="{bottom + 28}" font-size="11" '
        'text-anchor="middle" fill="#5b6475">(mean score − median) / (bronze − median); '
        f"right is better; clipped to [{lo:g}, {hi:g}]</text>"
    )
    n = max(1, len(series))
    for r, cid in enumerate(ids):
        yc = pad_top + r * row_h + row_h / 2
        if r % 2 == 0:
            out.append(
                f'<rect x="0" y="{yc - row_h / 2:.1f}" width="{width}" height="{row_h}" '
                'fill="#f7f8fb"/>'
            )
        out.append(
            f'<text x="{label_w - 8}" y="{yc + 4:.1f}" font-size="11" text-anchor="end">'
            f"{escape(cid)}</text>"
        )
        for _, row in competitions[competitions["competition_id"] == cid].iterrows():
            i = index[_series_key(row)]
            color = PALETTE[i % len(PALETTE)]
            dy = (i - (n - 1) / 2) * min(5.0, 14 / n)
            rel = row["relative_score"]
            name = _series_name(_series_key(row))
            if _missing(rel):
                out.append(
                    f'<text x="{label_w + 4}" y="{yc + 4 + dy:.1f}" font-size="10" '
                    f'fill="{color}">× no valid submission ({escape(name)})</text>'
                )
                continue
            rel = float(rel)
            tip = escape(
                f"{cid} — {name}: mean score {_score(row['mean_score'])} over "
                f"{row['n_valid']}/{row['n_seeds']} valid seed(s); median "
                f"{_score(row['median_threshold'])}, bronze {_score(row['bronze_threshold'])}"
                f" ({_direction(row['is_lower_better'])} is better)"
            )
            cx, cy = x(rel), yc + dy
            fill = "#fff" if row["sample_data"] else color
            if rel < lo or rel > hi:
                sign = -1 if rel < lo else 1
                out.append(
                    f'<path d="M{cx + sign * 6:.1f},{cy:.1f}L{cx - sign * 2:.1f},{cy - 5:.1f}'
                    f'L{cx - sign * 2:.1f},{cy + 5:.1f}Z" fill="{fill}" stroke="{color}" '
                    f'stroke-width="1.8"><title>{tip}</title></path>'
                )
            else:
                out.append(
                    f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" fill="{fill}" '
                    f'stroke="{color}" stroke-width="2"><title>{tip}</title></circle>'
                )
    legend, _ = _legend(series, label_w, bottom + 52)
    out.append(legend)
    out.append("</svg>")
    return "".join(out)


def _summary_table(summary: pd.DataFrame) -> str:
    from mle_pipeline.leaderboard.render import COLUMNS

    head = "".join(
        f"<th{' class=l' if i < 3 else ''}>{escape(h)}</th>"
        for i, h in enumerate(
            ["agent", "split", "data", "setup", "competitions", "seeds", "flagged"]
            + [c[1] for c in COLUMNS]
        )
    )
    rows = []
    for _, row in summary.iterrows():
        coverage = f"{row['n_graded_max']}/{row['n_competitions']}"
        if row.get("n_pending", 0):
            coverage += f" (+{row['n_pending']} pending)"
        cells = [
            f"<td class=l>{escape(str(row['agent']))}</td>",
            f"<td class=l>{escape(SPLIT_LABELS.get(row['split'], row['split']))}</td>",
            f"<td class=l>{_data_badge(row)}</td>",
            f"<td class=l>{escape(str(row.get('setup', '')))}</td>",
            f"<td>{escape(coverage)}</td>",
            f"<td>{row['n_seeds']}</td>",
            f"<td class=flag>{escape(_flag_cell(row))}</td>",
        ] + [f"<td>{row[f'{n}_pct_mean']:.2f} ± {row[f'{n}_pct_sem']:.2f}</td>" for n, _ in COLUMNS]
        classes = ["sample"] * bool(row["sample_data"]) + ["flagged"] * bool(row.get("n_flagged"))
        cls = f' class="{" ".join(classes)}"' if classes else ""
        rows.append(f"<tr{cls}>{''.join(cells)}</tr>")
    return (
        f'<div class="scroll"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _competition_table(competitions: pd.DataFrame) -> str:
    headers = [
        "competition",
        "complexity",
        "agent",
        "data",
        "setup",
        "seeds",
        "valid",
        "flagged",
        "mean score",
        "best score",
        "median thr.",
        "bronze thr.",
        "better",
        "medal %",
        "experiments",
    ]
    left = {"competition", "complexity", "agent", "data", "setup", "experiments"}
    head = "".join(f"<th{' class=l' if h in left else ''}>{escape(h)}</th>" for h in headers)
    rows = []
    for _, row in competitions.iterrows():
        cells = [
            f"<td class=l>{escape(str(row['competition_id']))}</td>",
            f"<td class=l>{escape(str(row['complexity']))}</td>",
            f"<td class=l>{escape(str(row['agent']))}</td>",
            f"<td class=l>{_data_badge(row)}</td>",
            f"<td class=l>{escape(str(row.get('setup', '')))}</td>",
            f"<td>{row['n_seeds']}</td>",
            f"<td>{row['n_valid']}</td>",
            f"<td class=flag>{escape(_flag_cell(row))}</td>",
            f"<td>{_score(row['mean_score'])}</td>",
            f"<td>{_score(row['best_score'])}</td>",
            f"<td>{_score(row['median_threshold'])}</td>",
            f"<td>{_score(row['bronze_threshold'])}</td>",
            f"<td>{_direction(row['is_lower_better'])}</td>",
            f"<td>{_fmt(row['any_medal_pct'], 0)}</td>",
            f"<td class='l w'>{escape(str(row['experiments']))}</td>",
        ]
        classes = ["sample"] * bool(row["sample_data"]) + ["flagged"] * bool(row.get("n_flagged"))
        cls = f' class="{" ".join(classes)}"' if classes else ""
        rows.append(f"<tr{cls}>{''.join(cells)}</tr>")
    return (
        f'<div class="scroll"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def to_html(data: LeaderboardData, generated_at: datetime | None = None) -> str:
    """The whole page as a string."""
    from mle_pipeline.leaderboard.render import LISTED, flagged_listing, left_out

    generated = (generated_at or datetime.now(UTC)).astimezone(UTC)
    summary, competitions = data.summary, data.competitions
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>mle_pipeline leaderboard"
        + (f" — {SAMPLE_LABEL}" if data.has_sample_data else "")
        + "</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>MLE-bench leaderboard</h1>",
        f'<p class="meta">mle_pipeline · generated {generated:%Y-%m-%d %H:%M} UTC · '
        f"{len(summary)} row(s)</p>",
    ]
    if data.has_sample_data or (not competitions.empty and competitions["sample_data"].any()):
        parts.append(
            f'<div class="banner">{SAMPLE_LABEL}: rows and points marked '
            f"<span class=tag>{SAMPLE_LABEL}</span> (striped bars, hollow points) come from "
            "synthetic files generated by mle_pipeline in Kaggle's layout, not from Kaggle's "
            "data. They test the pipeline and say nothing about Kaggle results.</div>"
        )
    if data.open_experiments:
        parts.append(
            '<div class="info">Experiments still running: '
            + ", ".join(f"<code>{escape(e)}</code>" for e in data.open_experiments)
            + ". Their runs without a report yet are left out (pending), not counted as "
            "failures, until the experiment completes or passes its deadline.</div>"
        )
    for heading, files in left_out(data):
        items = "".join(
            f"<li><code>{escape(s.path)}</code>: {escape(s.reason)}</li>" for s in files[:LISTED]
        )
        more = f"<li>… and {len(files) - LISTED} more</li>" if len(files) > LISTED else ""
        parts.append(f'<div class="warn">{escape(heading)}:<ul>{items}{more}</ul></div>')
    heading, flagged_lines = flagged_listing(data)
    if heading:
        items = "".join(f"<li>⚑ {escape(line)}</li>" for line in flagged_lines[:LISTED])
        parts.append(f'<div class="warn flagged">{escape(heading)}:<ul>{items}</ul></div>')
    if summary.empty:
        parts.append("<p>No graded reports yet: run <code>mle-pipeline run</code> first.</p>")
        parts.append("</body></html>")
        return "\n".join(parts) + "\n"
    parts += [
        "<h2>Leaderboard</h2>",
        _summary_table(summary),
        '<p class="note">Mean ± standard error over seeds. A competition without a report '
        "counts as a failure (as MLE-bench pads missing runs), except runs of an experiment "
        "still in progress. 'competitions' is graded/in split. Runs given different task "
        "text or preparation variants ('setup') are separate rows, never averaged.</p>",
        "<h2>Any-medal rate per split</h2>",
        f"<figure>{medal_chart(summary)}</figure>",
        '<p class="note">Bars: mean over seeds; whiskers: ± one standard error.</p>',
    ]
    if not competitions.empty:
        parts += [
            "<h2>Per-competition score against the median and bronze thresholds</h2>",
            f"<figure>{competition_chart(competitions)}</figure>",
            '<p class="note">Each point is an agent\'s mean valid score over seeds, scaled '
            "so that the competition's median threshold is 0 and its bronze threshold is 1 "
            "(whatever the metric's direction). Points past the axis are drawn as arrows. "
            "Hover a point for the raw figures.</p>",
            _competition_table(competitions),
        ]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"
