"""Bargaining results as stable JSON, plain text and Markdown (documented in docs/analysis-json.md).

Every sentence that states a number names the inputs it comes from (actor, issue, citation keys).
Text and Markdown are rendered from the same :class:`Section` list, so they always agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from summitry import __version__
from summitry.engines.bargaining.analysis import Change, Verdict, Zone
from summitry.engines.bargaining.lp import Group
from summitry.engines.bargaining.solutions import Solution
from summitry.model.scenario import Scenario
from summitry.model.uncertain import point
from summitry.workflows.bargaining import BargainingRun

__all__ = ["Section", "render_markdown", "render_text", "sections", "to_dict"]

JSON_FORMAT = "summitry.analysis/1"


def _r(v: float, nd: int = 2) -> float:
    return float(round(float(v), nd)) + 0.0


def possessive(name: str) -> str:
    """English possessive: "Ukraine's", "European allies'"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def short_name(s: Scenario, aid: str) -> str:
    """Actor name without its parenthesised qualifier ("Ukraine (Zelensky ...)" -> "Ukraine")."""
    if aid in s.actors:
        return s.actors[aid].name.split(" (")[0]
    return aid


def _bound(lo: float, hi: float) -> str:
    if lo > 0 and hi < 100:
        return f"between {lo:g} and {hi:g}"
    if lo > 0:
        return f"≥ {lo:g}"
    if hi < 100:
        return f"≤ {hi:g}"
    return "anywhere on 0-100"


def _cites(items: tuple[str, ...]) -> str:
    return f" [{'; '.join(items)}]" if items else ""


def describe_group(run: BargainingRun, g: Group) -> dict[str, Any]:
    """A constraint group as JSON-ready data with an English sentence."""
    s, p = run.loaded.scenario, run.problem
    if g.kind == "hard":
        h = p.hard[g.index[0]]
        aid, iid = p.actors[h.actor], p.issues[h.issue]
        cite = s.positions[aid][iid].cite
        whose = possessive(short_name(s, aid))
        text = f"{whose} hard line on {iid}: {_bound(h.lo, h.hi)}{_cites(cite)}"
        return {
            "kind": "hard",
            "actor": aid,
            "issue": iid,
            "bound": [h.lo, h.hi],
            "cite": list(cite),
            "text": text,
        }
    if g.kind == "ratify":
        b = p.ratifier_bounds[g.index[0]]
        aid, iid = p.actors[b.actor], p.issues[b.issue]
        rat = s.veto.ratifiers[b.ratifier]
        cite = rat.conditions[iid].cite or rat.cite
        text = (
            f"{b.ratifier} ({possessive(short_name(s, aid))} {rat.kind.value}, "
            f"p_veto {b.p_veto:g}) "
            f"requires {iid} {_bound(b.lo, b.hi)}{_cites(cite)}"
        )
        return {
            "kind": "ratify",
            "ratifier": b.ratifier,
            "actor": aid,
            "issue": iid,
            "bound": [b.lo, b.hi],
            "cite": list(cite),
            "text": text,
        }
    i = g.index[0]
    aid = p.actors[i]
    r = float(p.threshold[i])
    text = (
        f"{possessive(short_name(s, aid))} acceptance: a package must be worth at least "
        f"{r:.1f} to it "
        f"(continued conflict is worth {float(p.disagreement_value[i]):.1f})"
    )
    return {"kind": "accept", "actor": aid, "threshold": _r(r), "text": text}


def _solution(run: BargainingRun, sol: Solution | None) -> dict[str, Any] | None:
    if sol is None:
        return None
    p = run.problem
    d, r = p.disagreement_value, p.threshold
    return {
        "point": {iid: _r(v) for iid, v in zip(p.issues, sol.x, strict=True)},
        "utility": {a: _r(u) for a, u in zip(p.actors, sol.utility, strict=True)},
        "gain_over_disagreement": {
            a: _r(u - dv) for a, u, dv in zip(p.actors, sol.utility, d, strict=True)
        },
        "surplus_over_threshold": {
            a: _r(u - rv) for a, u, rv in zip(p.actors, sol.utility, r, strict=True)
        },
        "degenerate": sol.degenerate,
    }


def _zone(run: BargainingRun, z: Zone) -> dict[str, Any]:
    p = run.problem
    return {
        "issues": [p.issues[k] for k in z.free],
        "feasible": z.feasible,
        "deal": z.deal,
        "max_min_surplus": _r(z.surplus) if np.isfinite(z.surplus) else None,
        "witness": None
        if z.witness is None
        else {iid: _r(v) for iid, v in zip(p.issues, z.witness, strict=True)},
        "ranges": {
            p.issues[k]: [_r(lo), _r(hi)] for k, (lo, hi) in zip(z.free, z.ranges, strict=True)
        }
        if z.ranges
        else None,
        "nbs": _solution(run, z.nbs),
        "ks": _solution(run, z.ks),
    }


def _change(run: BargainingRun, c: Change | None) -> dict[str, Any] | None:
    if c is None:
        return None
    p, s = run.problem, run.loaded.scenario
    moves = []
    for g, v in c.slacks:
        info = describe_group(run, g)
        if g.kind == "accept":
            aid = info["actor"]
            cost = point(s.disagreement.cost[aid].value) if aid in s.disagreement.cost else 0.0
            info["change"] = {
                "cost_increase": _r(v),
                "cost_from": _r(cost),
                "cost_to": _r(cost + v),
            }
            info["text"] = (
                f"{possessive(short_name(s, aid))} cost of conflict {cost:g} → {cost + v:.1f} "
                f"(+{v:.1f} utility points)"
            )
        else:
            lo, hi = info["bound"]
            new = (lo - v, hi) if lo > 0 else (lo, hi + v)
            info["change"] = {"shift": _r(v), "bound_to": [_r(new[0]), _r(new[1])]}
            who = info.get("ratifier") or f"{possessive(short_name(s, info['actor']))} hard line"
            info["text"] = (
                f"{who} on {info['issue']}: {_bound(lo, hi)} → "
                f"{_bound(round(new[0], 2), round(new[1], 2))} ({v:.1f} points)"
            )
        moves.append(info)
    return {
        "actor": None if c.actor is None else p.actors[c.actor],
        "kind": c.kind,
        "total": _r(c.total),
        "moves": moves,
    }


def _scope(n: int) -> str:
    return "the single issue" if n == 1 else f"all {n} issues"


def verdict_text(run: BargainingRun) -> str:
    """One paragraph stating the verdict and its reason."""
    a, p, s = run.analysis, run.problem, run.loaded.scenario
    n = p.n_issues
    if a.verdict == Verdict.SETTLEMENT:
        return (
            f"A comprehensive settlement is possible: some agreement on {_scope(n)} is "
            f"preferred to continued conflict by every signatory (smallest surplus "
            f"{a.package.surplus:.1f} utility points)."
        )
    if a.package.feasible:
        head = (
            f"No comprehensive settlement gains: the only agreements on {_scope(n)} every "
            "signatory accepts leave at least one of them no better off than continued conflict."
        )
    else:
        head = (
            f"No comprehensive settlement: no agreement on {_scope(n)} is acceptable to "
            "every signatory."
        )
    limited = [" + ".join(p.issues[k] for k in z.free) for z in a.minimal_deals]
    sides = [sid for sid, ok in run.side_deals.items() if ok]
    if a.verdict == Verdict.LIMITED or sides:
        parts = []
        if limited:
            parts.append(
                "partial agreements on "
                + "; ".join(limited[:6])
                + (f" (and {len(limited) - 6} more)" if len(limited) > 6 else "")
            )
        if sides:
            parts.append(
                "side deals " + ", ".join(f"{sid} ({s.side_issues[sid].label})" for sid in sides)
            )
        return head + " Only limited deals are possible: " + "; ".join(parts) + "."
    return head + " Nothing is acceptable: no partial agreement or side deal gains for all parties."


def verdict_code(run: BargainingRun) -> str:
    """The verdict, counting side deals as limited deals."""
    if run.analysis.verdict == Verdict.NOTHING and any(run.side_deals.values()):
        return Verdict.LIMITED
    return run.analysis.verdict


def to_dict(run: BargainingRun) -> dict[str, Any]:
    """The analysis as JSON-ready data (format ``summitry.analysis/1``)."""
    s, p, a = run.loaded.scenario, run.problem, run.analysis
    d_u = p.utility(p.disagreement)
    powers = p.capability / p.capability.sum() if p.capability.sum() > 0 else p.capability
    diag = None
    if a.diagnosis is not None:
        diag = {
            "conflicts": [[describe_group(run, g) for g in c] for c in a.diagnosis.conflicts],
            "by_signatory": [
                {
                    "actor": aid,
                    "cost_increase": _change(run, c),
                    "red_line_shift": _change(run, r),
                    "both": _change(run, b),
                }
                for aid, (c, r, b) in zip(p.actors, a.diagnosis.by_actor, strict=True)
            ],
            "joint": _change(run, a.diagnosis.joint),
        }
    return {
        "format": JSON_FORMAT,
        "summitry_version": __version__,
        "scenario": {
            "id": s.id,
            "title": s.title,
            "file": str(run.loaded.path),
            "sha256": run.loaded.sha256,
            "as_of": str(s.as_of),
            "horizon": str(s.horizon),
        },
        "settings": {
            "utility": s.utility,
            "engine": "bargaining",
            "solver": "HiGHS (scipy.optimize.milp)",
        },
        "verdict": {"code": verdict_code(run), "text": verdict_text(run)},
        "signatories": [
            {
                "id": aid,
                "name": s.actors[aid].name,
                "capability": _r(p.capability[i]),
                "bargaining_power": _r(powers[i], 4),
                "utility_at_disagreement": _r(d_u[i]),
                "cost": _r(p.cost[i]),
                "disagreement_value": _r(p.disagreement_value[i]),
                "compliance_of_others": _r(p.compliance_of_others[i], 4),
                "exposure": _r(p.exposure[i]),
                "deal_bonus": _r(p.bonus[i]),
                "threshold": _r(p.threshold[i]),
            }
            for i, aid in enumerate(p.actors)
        ],
        "issues": [
            {
                "id": iid,
                "label": s.issues[iid].label,
                "status_quo": _r(point(s.issues[iid].status_quo)),
                "disagreement": _r(p.disagreement[k]),
                "discrete": s.issues[iid].discrete,
                "no_deal_possible": k in a.blocked_issues,
            }
            for k, iid in enumerate(p.issues)
        ],
        "package": _zone(run, a.package),
        "deals": {
            "n_subsets": a.n_subsets,
            "n_deal_subsets": len(a.subset_deals),
            "n_programs_solved": a.n_programs,
            "minimal": [_zone(run, z) for z in a.minimal_deals],
            "maximal": [_zone(run, z) for z in a.maximal_deals],
            "single_issue": [_zone(run, z) for z in a.single_issue],
            "blocked_issues": [p.issues[k] for k in a.blocked_issues],
        },
        "side_deals": [
            {
                "id": sid,
                "label": side.label,
                "parties": list(side.parties),
                "value": {q: _r(point(side.value[q].value)) for q in side.parties},
                "feasible": run.side_deals[sid],
            }
            for sid, side in s.side_issues.items()
        ],
        "diagnosis": diag,
        "seconds": _r(run.seconds, 3),
    }


# --------------------------------------------------------------------------- text and Markdown


@dataclass
class Section:
    """A titled block of prose lines and an optional table."""

    title: str
    lines: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def _change_line(name: str, entry: dict[str, Any]) -> str:
    """One signatory's smallest opening changes in words."""
    parts = []
    for field_name, what in (
        ("cost_increase", "a higher cost of conflict"),
        ("red_line_shift", "moving its own red lines"),
    ):
        c = entry[field_name]
        if c is not None:
            parts.append(f"by {what}: " + "; ".join(m["text"] for m in c["moves"]))
    if not parts and entry["both"] is not None:
        parts.append(
            "only by both together: " + "; ".join(m["text"] for m in entry["both"]["moves"])
        )
    if not parts:
        return f"- {name}: no change by {name} alone opens a zone"
    return f"- {name} " + "; or ".join(parts)


def _f(v: float | None, nd: int = 1) -> str:
    if v is None or not np.isfinite(v):
        return "—"
    return f"{v:.{nd}f}"


def sections(run: BargainingRun) -> list[Section]:
    """The analysis as report sections (shared by text and Markdown)."""
    data = to_dict(run)
    s, p, a = run.loaded.scenario, run.problem, run.analysis
    out: list[Section] = []
    head = Section(f"{s.title} [{s.id}]")
    if s.question:
        head.lines.append(f"Question: {s.question}")
    head.lines.append(
        f"Information as of {s.as_of}; horizon {s.horizon}; utility: {s.utility} loss."
    )
    head.lines.append("")
    head.lines.append(f"VERDICT ({data['verdict']['code']}): {data['verdict']['text']}")
    out.append(head)
    if data["diagnosis"] is not None:
        diag = Section("Why no comprehensive settlement: constraints that cannot all hold")
        for group in data["diagnosis"]["conflicts"]:
            diag.lines.append("- " + "  AGAINST  ".join(c["text"] for c in group))
        diag.lines.append(
            "(each line is an irreducible set: drop any one of its constraints and the rest hold)"
        )
        out.append(diag)
        change = Section("What would have to change (smallest change that opens a zone)")
        for entry in data["diagnosis"]["by_signatory"]:
            change.lines.append(_change_line(short_name(s, entry["actor"]), entry))
        joint = data["diagnosis"]["joint"]
        if joint is not None:
            change.lines.append(
                "- Smallest joint change (all parties): "
                + ("; ".join(m["text"] for m in joint["moves"]) or "none")
            )
        else:
            change.lines.append("- No change of red lines, ratifiers or costs opens a zone.")
        out.append(change)
    sig = Section(
        "Signatories: value of continued conflict and acceptance threshold",
        headers=[
            "actor",
            "power",
            "U(D)",
            "cost",
            "d = U(D)-c",
            "q (others comply)",
            "exposure",
            "deal bonus",
            "threshold r",
        ],
    )
    for row in data["signatories"]:
        sig.rows.append(
            [
                row["id"],
                _f(row["bargaining_power"], 3),
                _f(row["utility_at_disagreement"]),
                _f(row["cost"]),
                _f(row["disagreement_value"]),
                _f(row["compliance_of_others"], 2),
                _f(row["exposure"]),
                _f(row["deal_bonus"]),
                _f(row["threshold"]),
            ]
        )
    sig.lines.append(
        "A signatory accepts a package x when U(x) ≥ r = d − bonus + (1−q)/q · exposure "
        "(Fearon 1995 commitment discount)."
    )
    out.append(sig)
    deals = data["deals"]
    sub = Section("Feasible deals by issue subset (other issues stay at the disagreement outcome)")
    sub.lines.append(
        f"{deals['n_deal_subsets']} of {deals['n_subsets']} issue subsets admit a deal "
        f"every signatory gains from ({deals['n_programs_solved']} linear programmes)."
    )
    if deals["blocked_issues"]:
        sub.lines.append(
            "Issues no agreement can include (red lines contradict each other): "
            + ", ".join(deals["blocked_issues"])
        )
    if deals["minimal"]:
        sub.lines.append(
            "Smallest deals: " + "; ".join(" + ".join(z["issues"]) for z in deals["minimal"])
        )
    if deals["maximal"]:
        sub.lines.append(
            "Largest deals: " + "; ".join(" + ".join(z["issues"]) for z in deals["maximal"])
        )
    sub.headers = ["issue alone", "zone", "max-min surplus"]
    for z in deals["single_issue"]:
        state = "deal" if z["deal"] else ("no gain" if z["feasible"] else "empty")
        sub.rows.append([z["issues"][0], state, _f(z["max_min_surplus"])])
    out.append(sub)
    if data["side_deals"]:
        side = Section(
            "Side deals (settled on their own)", headers=["id", "label", "values", "feasible"]
        )
        for sd in data["side_deals"]:
            vals = ", ".join(f"{k} {v:+g}" for k, v in sd["value"].items())
            side.rows.append([sd["id"], sd["label"], vals, "yes" if sd["feasible"] else "no"])
        out.append(side)
    shown = [z for z in [data["package"], *deals["maximal"]] if z["nbs"] is not None]
    seen: set[tuple[str, ...]] = set()
    for z in shown:
        key: tuple[str, ...] = tuple(z["issues"])
        if key in seen:
            continue
        seen.add(key)
        title = "the full package" if len(key) == p.n_issues else " + ".join(key)
        sol = Section(
            f"Bargaining solutions for {title}",
            headers=["issue", "zone", "Nash (asymmetric)", "Kalai-Smorodinsky"],
        )
        for iid in key:
            lo_hi = z["ranges"][iid] if z["ranges"] else [None, None]
            sol.rows.append(
                [
                    iid,
                    f"{_f(lo_hi[0])}–{_f(lo_hi[1])}",
                    _f(z["nbs"]["point"][iid]),
                    _f(z["ks"]["point"][iid]) if z["ks"] else "—",
                ]
            )
        gains = ", ".join(f"{k} {v:+.1f}" for k, v in z["nbs"]["gain_over_disagreement"].items())
        sol.lines.append(f"Gains over continued conflict at the Nash solution: {gains}.")
        out.append(sol)
    foot = Section("Run")
    foot.lines.append(
        f"summitry {__version__}; scenario {run.loaded.path} (sha256 {run.loaded.sha256[:12]}…); "
        f"{a.n_programs} LPs; {run.seconds:.2f} s."
    )
    out.append(foot)
    return out


def _text_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[c]) for r in rows)) for c, h in enumerate(headers)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    lines = [fmt.format(*headers), fmt.format(*("-" * w for w in widths))]
    return [line.rstrip() for line in lines + [fmt.format(*r) for r in rows]]


def render_text(run: BargainingRun) -> str:
    """Plain-text report."""
    out: list[str] = []
    for sec in sections(run):
        out += [sec.title, "=" * min(len(sec.title), 100), *sec.lines]
        if sec.rows:
            out += _text_table(sec.headers, sec.rows)
        out.append("")
    return "\n".join(out)


def render_markdown(run: BargainingRun) -> str:
    """Markdown report."""
    out: list[str] = []
    for n, sec in enumerate(sections(run)):
        out.append(("# " if n == 0 else "## ") + sec.title)
        out.append("")
        out += [line if line else "" for line in sec.lines]
        if sec.rows:
            out.append("")
            out.append("| " + " | ".join(sec.headers) + " |")
            out.append("|" + "---|" * len(sec.headers))
            out += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in sec.rows]
        out.append("")
    return "\n".join(out)
