"""Static charts of the explained report: matplotlib SVG, inlined into the HTML.

Every chart is drawn from result documents already computed (nothing is recomputed here), with
a title, axis labels with units, the Okabe--Ito colour-blind-safe palette (Okabe & Ito 2008,
*Color Universal Design*) and markers that do not rely on colour alone. Each SVG carries an
accessible ``<title>`` and ``<desc>`` (the alt text) and ``role="img"``. Output is deterministic:
a fixed hash salt, no date metadata, text kept as text (``svg.fonttype = none``).

matplotlib is imported lazily (house style) with the Agg backend.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "OKABE_ITO",
    "convergence_chart",
    "gmcr_graph_chart",
    "issue_strip_chart",
    "outcome_bars_chart",
    "tornado_chart",
    "variants_chart",
]

OKABE_ITO = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#000000",  # black
)
"""The Okabe--Ito palette (distinguishable with the common colour-vision deficiencies)."""

_SERIES = tuple(c for c in OKABE_ITO if c != "#F0E442")
"""Series colours: the palette without its yellow, which is faint on white."""
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def _plt() -> Any:
    try:
        import matplotlib
    except ImportError:
        from summitry.errors import SummitryError

        raise SummitryError(
            "charts need matplotlib, which this installation lacks. Fix: install the 'report' "
            "extra (pip install 'summitry[report]')"
        ) from None

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "svg.hashsalt": "summitry",
            "svg.fonttype": "none",
            "font.family": "DejaVu Sans",
            "font.size": 9,
            "axes.titlesize": 10,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return plt


def _svg(fig: Any, title: str, desc: str) -> str:
    plt = _plt()
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    text = buf.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)
    head_end = text.index(">") + 1
    head = text[:head_end].replace("<svg ", '<svg role="img" ', 1)
    extra = f"<title>{html.escape(title)}</title><desc>{html.escape(desc)}</desc>"
    return head + extra + text[head_end:]


def issue_strip_chart(
    analysis: Mapping[str, Any],
    positions: Mapping[str, Mapping[str, Mapping[str, Any]]],
    names: Mapping[str, str],
) -> tuple[str, str, str]:
    """Per-issue strip chart: ideal points, red lines, status quo, disagreement, zone and NBS.

    ``positions[actor][issue]`` holds point values ``ideal``, ``lo``, ``hi`` (acceptable bounds,
    from a reservation or an interval) and ``hard``. Returns ``(svg, title, alt)``.
    """
    plt = _plt()
    issues = [i["id"] for i in analysis["issues"]]
    actors = list(positions)
    fig, ax = plt.subplots(figsize=(7.5, 0.55 * len(issues) + 1.6), layout="constrained")
    pkg = analysis["package"]
    ranges = pkg.get("ranges") or {}
    nbs = (pkg.get("nbs") or {}).get("point", {})
    for row, iss in enumerate(analysis["issues"]):
        y = len(issues) - 1 - row
        ax.axhline(y, color="#dddddd", lw=0.6, zorder=0)
        if iss["id"] in ranges and pkg["deal"]:
            lo, hi = ranges[iss["id"]]
            ax.barh(y, hi - lo, left=lo, height=0.5, color="#009E73", alpha=0.25, zorder=1)
        for k, aid in enumerate(actors):
            pos = positions[aid].get(iss["id"])
            if pos is None:
                continue
            color = _SERIES[k % len(_SERIES)]
            dy = (k - (len(actors) - 1) / 2) * 0.09
            if pos.get("hard"):
                ax.plot([pos["lo"], pos["hi"]], [y + dy, y + dy], color=color, lw=2.2, alpha=0.8)
            ax.plot(
                pos["ideal"],
                y + dy,
                marker=_MARKERS[k % len(_MARKERS)],
                color=color,
                ms=6,
                ls="none",
                label=names.get(aid, aid) if row == 0 else None,
            )
        ax.plot(
            iss["status_quo"],
            y,
            marker="|",
            color="#000000",
            ms=14,
            mew=2,
            ls="none",
            label="status quo" if row == 0 else None,
        )
        ax.plot(
            iss["disagreement"],
            y,
            marker="x",
            color="#D55E00",
            ms=8,
            mew=2,
            ls="none",
            label="continued conflict (D)" if row == 0 else None,
        )
        if iss["id"] in nbs:
            ax.plot(
                nbs[iss["id"]],
                y,
                marker="*",
                color="#009E73",
                ms=12,
                ls="none",
                markeredgecolor="#000000",
                label="Nash bargaining solution" if row == 0 else None,
            )
    ax.plot([], [], color="#555555", lw=2.2, label="range a hard red line allows")
    ax.set_yticks(range(len(issues)), list(reversed(issues)))
    ax.set_xlim(-2, 102)
    ax.set_xlabel("position on the issue scale (0-100 scale points)")
    title = "Positions by issue: ideal points, red lines, status quo, disagreement outcome"
    ax.set_title(title)
    fig.legend(loc="outside lower center", ncol=4, frameon=False, fontsize=8)
    alt = (
        f"Strip chart of {len(issues)} issue(s) on 0-100 scales. For each of {len(actors)} "
        "actor(s) a marker shows the ideal point and a thick line the range its hard red line "
        "allows; a black tick marks the status quo, an orange cross the expected outcome of "
        "continued conflict"
        + (
            ", a shaded band the zone of agreement and a star the Nash bargaining solution."
            if pkg["deal"]
            else "; there is no zone of agreement."
        )
    )
    return _svg(fig, title, alt), title, alt


def outcome_bars_chart(
    estimates: Mapping[str, Mapping[str, Any]], labels: Mapping[str, str], title: str
) -> tuple[str, str, str]:
    """Horizontal bars of probabilities with Wilson 95% intervals. Returns ``(svg, title, alt)``."""
    plt = _plt()
    keys = list(estimates)
    fig, ax = plt.subplots(figsize=(7.5, 0.42 * len(keys) + 1.2), layout="constrained")
    ys = list(range(len(keys)))[::-1]
    ps = [float(estimates[k]["p"]) for k in keys]
    lo = [p - float(estimates[k]["wilson95"][0]) for p, k in zip(ps, keys, strict=True)]
    hi = [float(estimates[k]["wilson95"][1]) - p for p, k in zip(ps, keys, strict=True)]
    ax.barh(ys, ps, color="#0072B2", height=0.6)
    ax.errorbar(ps, ys, xerr=[lo, hi], fmt="none", ecolor="#000000", capsize=3, lw=1)
    for y, p in zip(ys, ps, strict=True):
        ax.text(min(p + 0.02, 0.9), y, f"{p:.3f}", va="center", fontsize=8)
    ax.set_yticks(ys, [labels.get(k, k) for k in keys])
    ax.set_xlim(0, 1)
    ax.set_xlabel("probability (fraction of Monte Carlo draws; bars: Wilson 95% interval)")
    ax.set_title(title)
    alt = (
        f"{title}: "
        + "; ".join(f"{labels.get(k, k)} {p:.3f}" for k, p in zip(keys, ps, strict=True))
        + "."
    )
    return _svg(fig, title, alt), title, alt


def tornado_chart(tornado: Sequence[Mapping[str, Any]], target: str) -> tuple[str, str, str]:
    """Tornado of one-at-a-time sensitivities: P(target) at each input's low and high end."""
    plt = _plt()
    rows = list(tornado)[:12]
    fig, ax = plt.subplots(figsize=(7.5, 0.4 * len(rows) + 1.3), layout="constrained")
    base = None
    ys = list(range(len(rows)))[::-1]
    for y, row in zip(ys, rows, strict=True):
        lo, hi = float(row["low"]["p"]), float(row["high"]["p"])
        ax.plot([lo, hi], [y, y], color="#999999", lw=6, solid_capstyle="butt", zorder=1)
        ax.plot(
            lo,
            y,
            marker="<",
            color="#0072B2",
            ms=7,
            ls="none",
            label="input at its low end" if y == ys[0] else None,
        )
        ax.plot(
            hi,
            y,
            marker=">",
            color="#D55E00",
            ms=7,
            ls="none",
            label="input at its high end" if y == ys[0] else None,
        )
        base = base if base is not None else row.get("base_p")
    ax.set_yticks(ys, [str(r["input"]) for r in rows])
    ax.set_xlabel(f"P({target}) (probability)")
    title = f"Tornado: how P({target}) moves with each uncertain input"
    ax.set_title(title)
    ax.legend(loc="lower right", frameon=False, fontsize=8)
    alt = (
        f"{title}. Largest swing first: "
        + "; ".join(
            f"{r['input']} {float(r['low']['p']):.3f} to {float(r['high']['p']):.3f}"
            for r in rows[:5]
        )
        + "."
    )
    return _svg(fig, title, alt), title, alt


def variants_chart(comparison: Mapping[str, Any], names: Sequence[str]) -> tuple[str, str, str]:
    """Change of each quantity (``names``) in each variant against the base, 95% intervals."""
    plt = _plt()
    variants = comparison["variants"]
    fig, ax = plt.subplots(
        figsize=(7.5, min(0.14 * len(names) * max(len(variants), 1) + 1.6, 10.0)),
        layout="constrained",
    )
    height = 0.8 / max(len(variants), 1)
    for j, v in enumerate(variants):
        ys, dp, lo, hi = [], [], [], []
        for i, name in enumerate(names):
            d = v.get("delta", {}).get(name)
            if d is None or d.get("dp") is None:
                continue
            ys.append(len(names) - 1 - i + (j - (len(variants) - 1) / 2) * height)
            dp.append(float(d["dp"]))
            lo.append(float(d["dp"]) - float(d["diff95"][0]))
            hi.append(float(d["diff95"][1]) - float(d["dp"]))
        ax.barh(
            ys,
            dp,
            height=height,
            color=_SERIES[j % len(_SERIES)],
            label=str(v["id"]).rsplit(".", 1)[-1],
        )
        ax.errorbar(dp, ys, xerr=[lo, hi], fmt="none", ecolor="#000000", capsize=2, lw=0.8)
    ax.axvline(0, color="#000000", lw=0.8)
    ax.set_yticks(range(len(names)), list(reversed(names)))
    ax.set_xlabel("change in probability against the base (Δp; bars: 95% interval)")
    title = "What-if variants: change in each probability against the base"
    ax.set_title(title)
    ax.legend(loc="lower right", frameon=False, fontsize=8)
    alt = (
        f"{title}, for {len(variants)} variant(s): "
        + "; ".join(
            f"{v['id']}: "
            + ", ".join(
                f"{k} {float(d['dp']):+.3f}"
                for k, d in v.get("delta", {}).items()
                if k in names[:4] and d.get("dp") is not None
            )
            for v in variants
        )
        + "."
    )
    return _svg(fig, title, alt), title, alt


def gmcr_graph_chart(gmcr: Mapping[str, Any], *, max_nodes: int = 40) -> tuple[str, str, str]:
    """The state graph around the status quo: shortest paths to Nash and SEQ equilibria.

    Nodes are laid out by their number of moves from the status quo (x) and spread vertically;
    equilibria are drawn as double rings (Nash) or squares (SEQ), the status quo as a diamond.
    Solid edges lie on paths of unilateral improvements, dashed ones on other shortest paths.
    """
    plt = _plt()
    sq = gmcr["status_quo"]
    eq = gmcr["equilibria"]
    keep_eq = set(eq.get("nash", [])) | set(eq.get("seq", []))
    dist: dict[int, int] = {sq["state"]: 0}
    edges: dict[tuple[int, int], tuple[str, bool]] = {}
    for row in sq["equilibria"]:
        if row["state"] not in keep_eq:
            continue
        for key, ui in (("improvement_path", True), ("path", False)):
            path = row.get(key)
            if not path:
                continue
            for k, step in enumerate(path):
                dist.setdefault(step["state"], k)
                if k:
                    e = (path[k - 1]["state"], step["state"])
                    if e not in edges or ui:
                        edges[e] = (str(step["mover"]), ui)
            break
    nodes = sorted(dist, key=lambda s: (dist[s], s))[:max_nodes]
    shown = set(nodes)
    cols: dict[int, list[int]] = {}
    for s in nodes:
        cols.setdefault(dist[s], []).append(s)
    xy = {
        s: (float(d), (len(col) - 1) / 2 - i) for d, col in cols.items() for i, s in enumerate(col)
    }
    height = max(len(c) for c in cols.values())
    fig, ax = plt.subplots(figsize=(7.5, max(2.4, 0.5 * height + 1.2)), layout="constrained")
    for (a, b), (mover, ui) in sorted(edges.items()):
        if a not in shown or b not in shown:
            continue
        (x0, y0), (x1, y1) = xy[a], xy[b]
        ax.annotate(
            "",
            xy=(x1, y1),
            xytext=(x0, y0),
            arrowprops={
                "arrowstyle": "->",
                "lw": 1.0,
                "color": "#555555",
                "linestyle": "-" if ui else "--",
                "shrinkA": 9,
                "shrinkB": 9,
            },
        )
        ax.text(
            (x0 + x1) / 2, (y0 + y1) / 2 + 0.12, mover, fontsize=7, ha="center", color="#0072B2"
        )
    nash, seq = set(eq.get("nash", [])), set(eq.get("seq", []))
    for s in nodes:
        x, y = xy[s]
        if s == sq["state"]:
            style = {"marker": "D", "color": "#E69F00", "ms": 13}
        elif s in nash:
            style = {"marker": "o", "color": "#009E73", "ms": 14}
        elif s in seq:
            style = {"marker": "s", "color": "#56B4E9", "ms": 12}
        else:
            style = {"marker": "o", "color": "#DDDDDD", "ms": 11}
        ax.plot(x, y, ls="none", markeredgecolor="#000000", **style)
        if s in nash:
            ax.plot(
                x,
                y,
                ls="none",
                marker="o",
                ms=18,
                markerfacecolor="none",
                markeredgecolor="#000000",
            )
        ax.text(x, y - 0.32, str(s), ha="center", va="top", fontsize=7)
    legend: tuple[tuple[str, dict[str, Any]], ...] = (
        ("status quo", {"marker": "D", "color": "#E69F00"}),
        ("Nash equilibrium", {"marker": "o", "color": "#009E73"}),
        ("SEQ equilibrium", {"marker": "s", "color": "#56B4E9"}),
        ("intermediate state", {"marker": "o", "color": "#DDDDDD"}),
    )
    for label, style in legend:
        ax.plot([], [], ls="none", markeredgecolor="#000000", label=label, **style)
    fig.legend(loc="outside lower center", ncol=4, frameon=False, fontsize=8)
    ax.set_xlabel("moves from the status quo (number of unilateral moves)")
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_xticks(sorted(cols))
    ax.set_xlim(-0.5, max(cols) + 0.5)
    ax.set_ylim(-height / 2 - 0.6, height / 2 + 0.4)
    title = "Graph model: paths from the status quo to the Nash and SEQ equilibria"
    ax.set_title(title)
    alt = (
        f"State graph: the status quo (state {sq['state']}) and the shortest unilateral paths "
        f"to {len(keep_eq)} Nash or SEQ equilibria ({', '.join(map(str, sorted(keep_eq)))}); "
        f"{len(nodes)} states and {sum(1 for a, b in edges if a in shown and b in shown)} moves "
        "shown; solid arrows are unilateral improvements."
    )
    return _svg(fig, title, alt), title, alt


def convergence_chart(trace: Mapping[str, Any]) -> tuple[str, str, str]:
    """Running estimate of each probability against the number of draws (per block).

    ``trace`` is ``{"n": [cumulative draws], "series": {name: [cumulative count or sum]},
    "labels": {name: label}}`` and optionally ``"squares": {name: [cumulative sum of squares]}``
    for means of per-draw probabilities. The band is the running Wilson 95% interval of a
    frequency, or mean ± 1.96 standard errors of a mean.
    """
    import numpy as np

    plt = _plt()
    n = np.asarray(trace["n"], dtype=float)
    fig, ax = plt.subplots(figsize=(7.5, 3.8), layout="constrained")
    z = 1.959963984540054
    for k, (name, counts) in enumerate(trace["series"].items()):
        c = np.asarray(counts, dtype=float)
        p = c / n
        sq = trace.get("squares", {}).get(name)
        if sq is not None:  # running mean of per-draw probabilities: normal band
            var = np.maximum(np.asarray(sq, dtype=float) / n - p * p, 0.0)
            centre, half = p, z * np.sqrt(var / n)
        else:  # running frequency: Wilson band
            centre = (p + z * z / (2 * n)) / (1 + z * z / n)
            half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        color = _SERIES[k % len(_SERIES)]
        ax.fill_between(n, centre - half, centre + half, color=color, alpha=0.2, lw=0)
        ax.plot(
            n,
            p,
            color=color,
            marker=_MARKERS[k % len(_MARKERS)],
            ms=3,
            label=trace.get("labels", {}).get(name, name),
        )
    ax.set_xscale("log")
    ax.set_ylim(-0.02, 1.02)
    ax.set_xlabel("draws (cumulative, log scale)")
    ax.set_ylabel("running estimate (probability)")
    title = "Monte Carlo convergence: running estimates with 95% bands"
    ax.set_title(title)
    fig.legend(loc="outside lower center", ncol=3, frameon=False, fontsize=8)
    alt = (
        f"Running estimates over {int(n[-1]) if len(n) else 0} draws in {len(n)} blocks; final "
        "estimates: "
        + "; ".join(
            f"{trace.get('labels', {}).get(k, k)} {c[-1] / n[-1]:.3f}"
            for k, c in trace["series"].items()
        )
        + "."
    )
    return _svg(fig, title, alt), title, alt
