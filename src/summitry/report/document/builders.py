"""Section builders: result documents (JSON-ready dicts) -> the report's :class:`Document`.

Each builder reads what the engines already computed -- ``summitry.analysis/1`` (bargaining),
the GMCR JSON, ``summitry.simulation/1`` (Monte Carlo, with its optional ``horizon``),
``summitry.sensitivity/1`` and ``summitry.comparison/1`` -- and writes deterministic sentences:
no number is recomputed here. The sections follow the seed article's own structure (history and
trust, diverging objectives, domestic constraints, international pressures, diplomatic
complexity, alternative scenarios, most likely path, conclusion), then the article check and the
appendix. Verbal probabilities use the IPCC likelihood scale (:mod:`.words`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from summitry.report.document.model import Block, Figure, Para, Section, Sentence, Table
from summitry.report.document.words import IPCC_SCALE, ipcc, join, num, pct, prob, prob_ci

__all__ = [
    "CATEGORY_LABELS",
    "ClaimResult",
    "Results",
    "build_sections",
    "evaluate_claim",
    "variant_quantities",
]

CATEGORY_LABELS = {
    "settlement": "a comprehensive zone of agreement exists",
    "limited_only": "only limited deals are feasible",
    "nothing": "nothing is acceptable to all",
}
"""Words for the Monte Carlo outcome categories of ``summitry.simulation/1``."""


@dataclass(frozen=True)
class Results:
    """Everything one report shows: the scenario and the engines' JSON documents."""

    loaded: Any  # summitry.io.scenario.LoadedScenario
    analysis: dict[str, Any]
    simulation: dict[str, Any] | None = None
    gmcr: dict[str, Any] | None = None
    sensitivity: dict[str, Any] | None = None
    comparison: dict[str, Any] | None = None
    convergence: dict[str, Any] | None = None
    notes: tuple[str, ...] = field(default=())


# --------------------------------------------------------------------------- helpers


def _s(text: str, refs: Sequence[str] = (), cites: Sequence[str] = ()) -> Sentence:
    return Sentence(text=text, refs=tuple(refs), cites=tuple(dict.fromkeys(cites)))


def _p(*sentences: Sentence, kind: str = "p") -> Para:
    return Para(sentences=tuple(sentences), kind=kind)


def _name(r: Results, aid: str) -> str:
    actors = r.loaded.scenario.actors
    return str(actors[aid].name).split(" (")[0] if aid in actors else aid


def _poss(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _bound(lo: float, hi: float) -> str:
    if lo > 0 and hi < 100:
        return f"between {num(lo)} and {num(hi)}"
    if lo > 0:
        return f"≥ {num(lo)}"
    if hi < 100:
        return f"≤ {num(hi)}"
    return "anywhere on 0-100"


def _position_ref(r: Results, aid: str, iid: str) -> str:
    pos = r.loaded.scenario.positions.get(aid, {}).get(iid)
    if pos is not None and pos.acceptable is not None and pos.reservation is None:
        return f"positions.{aid}.{iid}.acceptable"
    return f"positions.{aid}.{iid}.reservation"


def _constraint(r: Results, c: Mapping[str, Any]) -> tuple[str, list[str], list[str]]:
    """Words, input refs and cites of one constraint of ``summitry.analysis/1``."""
    kind = c["kind"]
    if kind == "hard":
        aid, iid = c["actor"], c["issue"]
        lo, hi = c["bound"]
        return (
            f"{_poss(_name(r, aid))} hard line on {iid} ({_bound(lo, hi)})",
            [_position_ref(r, aid, iid)],
            list(c.get("cite", [])),
        )
    if kind == "ratify":
        rid, iid = c["ratifier"], c["issue"]
        lo, hi = c["bound"]
        rat = r.loaded.scenario.veto.ratifiers.get(rid)
        label = rat.name if rat is not None else rid
        return (
            f"{label} ({_poss(_name(r, c['actor']))} ratifier) on {iid} ({_bound(lo, hi)})",
            [f"veto.ratifiers.{rid}.conditions.{iid}", f"veto.ratifiers.{rid}.p_veto"],
            list(c.get("cite", [])),
        )
    aid = c["actor"]
    return (
        f"{_poss(_name(r, aid))} acceptance threshold (r = {num(c.get('threshold'))})",
        [f"disagreement.cost.{aid}", f"positions.{aid}"],
        [],
    )


def _sim_refs(sim: Mapping[str, Any]) -> list[str]:
    return list(sim.get("inputs", [])) + [
        f"veto.ratifiers.{rid}.p_veto" for rid in sim.get("ratifiers_bernoulli", [])
    ]


def _fig(figure: Figure | None) -> list[Block]:
    return [figure] if figure is not None else []


def _modal(outcomes: Mapping[str, Mapping[str, Any]]) -> str:
    return max(outcomes, key=lambda k: float(outcomes[k]["p"]))


# --------------------------------------------------------------------------- sections


def summary(r: Results) -> Section:
    """The verdict in a few sentences (bargaining, Monte Carlo, horizon, sensitivity)."""
    a = r.analysis
    sents = [_s(a["verdict"]["text"], ["positions", "disagreement.cost", "veto"])]
    sim = r.simulation
    if sim is not None:
        st = sim["outcomes"]["settlement"]
        sents.append(
            _s(
                f"Across {sim['draws']:,} draws of the uncertain inputs (seed {sim['seed']}), a "
                f"comprehensive zone of agreement exists with probability {prob_ci(st)} "
                f"(Wilson 95% interval): {ipcc(float(st['p']))}.",
                _sim_refs(sim),
            )
        )
        hz = sim.get("horizon")
        if hz:
            sents.extend(_horizon_headline(r, hz))
    top = _top_sensitivity(r)
    if top is not None:
        sents.append(top)
    return Section("summary", "Summary", (_p(*sents, kind="lead"),))


def _horizon_headline(r: Results, hz: Mapping[str, Any]) -> list[Sentence]:
    labels = hz.get("labels", {})
    outs = hz["outcomes"]
    modal = hz.get("modal") or _modal(outs)
    months = num(hz.get("months"))
    sents = []
    if "O6_SETTLEMENT" in outs:
        e = outs["O6_SETTLEMENT"]
        sents.append(
            _s(
                f"P(comprehensive settlement within {months} months) = {prob_ci(e)}: "
                f"{ipcc(float(e['p']))}.",
                ["outcome_model"],
            )
        )
    sents.append(
        _s(
            f"The most likely outcome at the horizon is {labels.get(modal, modal)} "
            f"({modal}, P = {prob_ci(outs[modal])}).",
            ["outcome_model"],
        )
    )
    groups = hz.get("groups", {})
    if groups:
        mg = hz.get("modal_group") or _modal(groups)
        sents.append(
            _s(
                f"Grouped, {mg.replace('_', ' ')} has P = {prob_ci(groups[mg])} "
                f"({ipcc(float(groups[mg]['p']))}).",
                ["outcome_model"],
            )
        )
    return sents


def _top_sensitivity(r: Results) -> Sentence | None:
    sens = r.sensitivity
    if not sens:
        return None
    sobol = sens.get("sobol") or []
    if sobol:
        top = sobol[0]
        return _s(
            f"The {sens.get('target', 'answer')} probability is most sensitive to "
            f"{top['input']} (Sobol total index S_T = {num(top['ST'], 2)}).",
            [top["input"]],
        )
    tornado = sens.get("tornado") or []
    if tornado:
        top = tornado[0]
        return _s(
            f"The {sens.get('target', 'answer')} probability moves most with {top['input']} "
            f"(swing {num(top['swing'], 3)} over its range).",
            [top["input"]],
        )
    return None


def trust(r: Results) -> Section:
    """History and trust: the commitment problem (compliance, exposure)."""
    a = r.analysis
    sigs = a["signatories"]
    com = r.loaded.scenario.commitment
    blocks: list[Block] = []
    if not com.compliance and not com.exposure:
        blocks.append(
            _p(
                _s(
                    "The scenario declares no compliance probabilities: every signatory is "
                    "assumed to honour an agreement (no commitment problem, Fearon 1995)."
                )
            )
        )
    else:
        sents = [
            _s(
                "Mistrust enters as Fearon's (1995) commitment problem: a signatory weighs a "
                "package by the probability q that every other signatory honours it, and loses "
                "its exposure if one reneges."
            )
        ]
        ids = [s["id"] for s in sigs]
        for s in sigs:
            others = [o for o in ids if o != s["id"]]
            refs = [f"commitment.compliance.{o}" for o in others if o in com.compliance]
            cites: list[str] = []
            for o in others:
                if o in com.compliance:
                    cites += list(com.compliance[o].cite)
            text = (
                f"{_name(r, s['id'])} expects the others to comply with probability "
                f"q = {num(s['compliance_of_others'], 2)}"
            )
            if s["exposure"]:
                text += f" and would lose {num(s['exposure'])} utility points if they reneged"
                refs.append(f"commitment.exposure.{s['id']}")
                if s["id"] in com.exposure:
                    cites += list(com.exposure[s["id"]].cite)
            sents.append(_s(text + ".", refs, cites))
        blocks.append(_p(*sents))
    return Section(
        "trust",
        "History and trust",
        tuple(blocks),
        mirrors="A History of Interaction and Underlying Tensions",
    )


def objectives(r: Results, figure: Figure | None) -> Section:
    """Diverging objectives: positions per issue, contradictory red lines, the zone."""
    a = r.analysis
    s = r.loaded.scenario
    blocks: list[Block] = [*_fig(figure)]
    rows = []
    row_refs = []
    row_cites = []
    for iss in a["issues"]:
        iid = iss["id"]
        ideals = [
            (aid, float(_point(pos[iid].ideal))) for aid, pos in s.positions.items() if iid in pos
        ]
        if ideals:
            lo = min(ideals, key=lambda t: t[1])
            hi = max(ideals, key=lambda t: t[1])
            low, high = f"{num(lo[1])} ({_name(r, lo[0])})", f"{num(hi[1])} ({_name(r, hi[0])})"
        else:
            low = high = "-"
        hard = [
            f"{_name(r, aid)} {_hard_words(pos[iid])}"
            for aid, pos in s.positions.items()
            if iid in pos and pos[iid].hard
        ]
        rows.append(
            (
                iid,
                str(iss["label"]),
                low,
                high,
                "; ".join(hard) or "-",
                num(iss["status_quo"]),
                num(iss["disagreement"]),
            )
        )
        row_refs.append(
            (
                *(f"positions.{aid}.{iid}.ideal" for aid, _ in ideals),
                f"issues.{iid}.status_quo",
                f"disagreement.outcome.{iid}",
            )
        )
        row_cites.append(tuple(s.issues[iid].cite))
    blocks.append(
        Table(
            caption=(
                "Issues (0-100 scales): the lowest and highest ideal points, hard red lines, "
                "the status quo and the expected outcome of continued conflict D"
            ),
            header=(
                "issue",
                "label",
                "lowest ideal",
                "highest ideal",
                "hard red lines",
                "status quo",
                "D",
            ),
            rows=tuple(rows),
            row_refs=tuple(row_refs),
            row_cites=tuple(row_cites),
        )
    )
    pkg = a["package"]
    diag = a.get("diagnosis")
    if pkg["deal"]:
        blocks.append(_zone_para(r, pkg))
    elif diag is not None:
        sents = []
        for group in diag["conflicts"]:
            parts = [_constraint(r, c) for c in group]
            words = [p[0] for p in parts]
            refs = [x for p in parts for x in p[1]]
            cites = [x for p in parts for x in p[2]]
            if len(words) == 2:
                text = f"No package satisfies both {words[0]} and {words[1]}."
            else:
                text = f"No package satisfies all of {join(words)} at once."
            sents.append(_s(text, refs, cites))
        blocked = a["deals"].get("blocked_issues", [])
        if blocked:
            sents.append(
                _s(
                    f"{join(list(blocked))} can therefore be part of no agreement at all.",
                    [f"issues.{x}" for x in blocked],
                )
            )
        if not sents:
            sents.append(
                _s(
                    "The package zone is empty although no two red lines contradict each "
                    "other: the acceptance thresholds cannot all be met at once.",
                    ["disagreement.cost", "positions"],
                )
            )
        blocks.append(_p(*sents))
    else:
        blocks.append(
            _p(
                _s(
                    "Some packages are acceptable to every signatory, but none leaves all of "
                    f"them better off than continued conflict (largest smallest surplus "
                    f"{num(pkg['max_min_surplus'])} utility points).",
                    ["disagreement.cost", "positions"],
                )
            )
        )
    return Section(
        "objectives",
        "Diverging objectives",
        tuple(blocks),
        mirrors="Diverging Objectives and Strategic Goals",
    )


def _hard_words(pos: Any) -> str:
    ideal = _point(pos.ideal)
    if pos.acceptable is not None:
        return _bound(_point(pos.acceptable[0]), _point(pos.acceptable[1]))
    if pos.reservation is not None:
        res = _point(pos.reservation)
        return f"≥ {num(res)}" if res <= ideal else f"≤ {num(res)}"
    return "(no bound)"


def _point(v: Any) -> float:
    from summitry.model.uncertain import point

    return point(v)


def _zone_para(r: Results, pkg: Mapping[str, Any]) -> Para:
    ranges = pkg.get("ranges") or {}
    full = bool(ranges) and all(lo <= 0 and hi >= 100 for lo, hi in ranges.values())
    sents = []
    if full:
        sents.append(
            _s(
                "Every package on the 0-100 scales is acceptable to all signatories: the zone "
                "of agreement covers the whole space.",
                ["positions", "disagreement.cost"],
            )
        )
    else:
        spans = [f"{iid} {num(lo)}-{num(hi)}" for iid, (lo, hi) in ranges.items()]
        sents.append(
            _s(
                "A comprehensive settlement is possible: the zone of agreement spans "
                + join(spans)
                + f" (smallest surplus at best {num(pkg['max_min_surplus'])} utility points).",
                ["positions", "disagreement.cost"],
            )
        )
    nbs = pkg.get("nbs")
    if nbs is not None:
        pts = ", ".join(f"{iid} = {num(v)}" for iid, v in nbs["point"].items())
        gains = ", ".join(
            f"{_name(r, aid)} +{num(g)}" for aid, g in nbs["gain_over_disagreement"].items()
        )
        sents.append(
            _s(
                f"The asymmetric Nash bargaining solution (Nash 1950; Kalai 1977) is {pts}; "
                f"gains over continued conflict: {gains}.",
                [f"actors.{aid}.capability" for aid in nbs["utility"]],
            )
        )
    return _p(*sents)


def domestic(r: Results) -> Section:
    """Domestic constraints: Level II ratifiers (Putnam 1988) and blocked issues."""
    s = r.loaded.scenario
    rats = s.veto.ratifiers
    blocks: list[Block] = []
    if not rats:
        blocks.append(
            _p(
                _s(
                    "No domestic ratifier is declared: only the signatories themselves decide "
                    "(a one-level game)."
                )
            )
        )
    else:
        sents = [
            _s(
                f"{len(rats)} domestic veto player(s) bound the win-sets (Putnam 1988); the point "
                "analysis applies a ratifier's conditions when its veto probability is at least "
                "0.5, the Monte Carlo draws each veto.",
                [f"veto.ratifiers.{rid}.p_veto" for rid in rats],
            )
        ]
        for rid, rat in rats.items():
            conds = []
            refs = [f"veto.ratifiers.{rid}.p_veto"]
            cites = list(rat.cite)
            for iid, b in rat.conditions.items():
                lo = _point(b.min) if b.min is not None else 0.0
                hi = _point(b.max) if b.max is not None else 100.0
                conds.append(f"{iid} {_bound(lo, hi)}")
                refs.append(f"veto.ratifiers.{rid}.conditions.{iid}")
                cites += list(b.cite)
            sents.append(
                _s(
                    f"{rat.name} ({_poss(_name(r, rat.actor))} {rat.kind.value}"
                    + (", not named by the source" if rat.implicit else "")
                    + f") requires {join(conds) or 'nothing specific'} and would veto a "
                    f"package breaking it with probability {num(_point(rat.p_veto), 2)}.",
                    refs,
                    cites,
                )
            )
        blocks.append(_p(*sents))
    sim = r.simulation
    if sim is not None:
        blocked = {k: e for k, e in sim.get("issue_blocked", {}).items() if e["k"] > 0}
        if blocked:
            sents = [
                _s(
                    f"{iid} is blocked by contradictory red lines or ratifier conditions in "
                    f"{pct(float(e['p']))} of draws (P = {prob_ci(e)}).",
                    [x for x in _sim_refs(sim) if f".{iid}" in x] or _sim_refs(sim),
                )
                for iid, e in blocked.items()
            ]
            blocks.append(_p(*sents))
    return Section(
        "domestic",
        "Domestic constraints",
        tuple(blocks),
        mirrors="Political and Diplomatic Hurdles and Obstacles",
    )


def international(r: Results) -> Section:
    """International pressures: each signatory's value of war and threshold; allies, mediators."""
    a = r.analysis
    s = r.loaded.scenario
    sigs = a["signatories"]
    rows = []
    refs = []
    for g in sigs:
        aid = g["id"]
        rows.append(
            (
                _name(r, aid),
                num(g["bargaining_power"], 3),
                num(g["utility_at_disagreement"]),
                num(g["cost"]),
                num(g["disagreement_value"]),
                num(g["compliance_of_others"], 2),
                num(g["exposure"]),
                num(g["deal_bonus"]),
                num(g["threshold"]),
            )
        )
        refs.append(
            (
                f"positions.{aid}",
                f"disagreement.cost.{aid}",
                f"actors.{aid}.capability",
                f"actors.{aid}.deal_bonus",
            )
        )
    table = Table(
        caption="Value of continued conflict and acceptance threshold of each signatory",
        header=(
            "signatory",
            "power α",
            "U(D)",
            "cost c",
            "d = U(D) − c",
            "q",
            "exposure",
            "deal bonus",
            "threshold r",
        ),
        rows=tuple(rows),
        row_refs=tuple(refs),
    )
    sents = []
    if len(sigs) == 1:
        sents.append(
            _s(
                f"Only one signatory ({_name(r, sigs[0]['id'])}) has to agree, so the zone is "
                "its own acceptable set.",
                ["veto.signatories"],
            )
        )
    for g in sigs:
        aid = g["id"]
        sents.append(
            _s(
                f"For {_name(r, aid)} continued conflict is worth U(D) − c = "
                f"{num(g['utility_at_disagreement'])} − {num(g['cost'])} = "
                f"{num(g['disagreement_value'])}; it accepts a package worth at least "
                f"r = {num(g['threshold'])}.",
                [f"disagreement.cost.{aid}", f"positions.{aid}", f"actors.{aid}.deal_bonus"],
                list(s.disagreement.cost[aid].cite) if aid in s.disagreement.cost else [],
            )
        )
    others = [
        (aid, act)
        for aid, act in s.actors.items()
        if aid not in s.veto.signatories and act.kind.value in ("patron", "ally", "institution")
    ]
    if others:
        sents.append(
            _s(
                "Outside the signatories: "
                + join([f"{act.name} ({act.kind.value})" for _, act in others])
                + ".",
                [f"actors.{aid}.capability" for aid, _ in others],
                [c for _, act in others for c in act.cite],
            )
        )
    if s.mediators:
        active = [m.name for m in s.mediators.values() if m.active]
        sents.append(
            _s(
                f"{len(s.mediators)} possible mediator(s) are declared"
                + (f", {len(active)} active ({join(active)})" if active else ", none active")
                + "; mediation enters the results only through the outcome model, if any.",
                [f"mediators.{mid}.capability" for mid in s.mediators],
                [c for m in s.mediators.values() for c in m.cite],
            )
        )
    return Section(
        "international",
        "International pressures",
        (table, _p(*sents)),
        mirrors="International Relations and External Pressures",
    )


def complexity(r: Results, figure: Figure | None) -> Section:
    """Diplomatic complexity: the graph model (GMCR), when the scenario has one."""
    g = r.gmcr
    if g is None:
        blocks: tuple[Block, ...] = (
            _p(
                _s(
                    "The scenario has no graph-model (gmcr:) block, so the parties' discrete "
                    "moves and their stability were not analysed."
                )
            ),
        )
        return Section(
            "complexity",
            "Diplomatic complexity",
            blocks,
            mirrors="Diplomatic Challenges and Negotiation complexities",
        )
    m = g["model"]
    eq = g["equilibria"]
    sents = [
        _s(
            f"The graph model (Fang, Hipel & Kilgour 1993) gives {len(m['decision_makers'])} "
            f"decision makers {m['n_options']} options and {m['n_states']} feasible states.",
            ["gmcr.options", "gmcr.preferences"],
        ),
        _s(
            "Equilibria: "
            + "; ".join(
                f"{c.upper()} {len(v)}" + (f" ({', '.join(map(str, v))})" if len(v) <= 8 else "")
                for c, v in eq.items()
            )
            + ".",
            ["gmcr.preferences", "gmcr.infeasible", "gmcr.irreversible"],
        ),
    ]
    sq = g.get("status_quo")
    if sq is not None:
        sents.append(
            _s(
                f"From the status quo (state {sq['state']}, {sq['yn']}) {sq['reachable_states']} "
                f"states are reachable by unilateral moves and {sq['reachable_by_improvements']} "
                "by unilateral improvements.",
                ["gmcr.status_quo", "gmcr.preferences"],
            )
        )
    blocks_l: list[Block] = [_p(*sents), *_fig(figure)]
    hyps = g.get("hypotheses") or []
    if hyps:
        blocks_l.append(
            Table(
                caption="Hypotheses of the gmcr: block, as computed",
                header=("id", "hypothesis", "state", "holds"),
                rows=tuple(
                    (
                        h["id"],
                        h["text"],
                        "-" if h["state"] is None else str(h["state"]),
                        {True: "yes", False: "no", None: "undetermined"}[h["holds"]],
                    )
                    for h in hyps
                ),
                row_refs=tuple(("gmcr.preferences",) for _ in hyps),
                row_cites=tuple(tuple(re.findall(r"seed:L\d+\.s\d+", h["text"])) for h in hyps),
            )
        )
    return Section(
        "complexity",
        "Diplomatic complexity",
        tuple(blocks_l),
        mirrors="Diplomatic Challenges and Negotiation complexities",
    )


def alternatives(r: Results, figures: Mapping[str, Figure | None]) -> Section:
    """Alternative scenarios: side deals, limited deals, Monte Carlo and horizon, variants."""
    a = r.analysis
    s = r.loaded.scenario
    blocks: list[Block] = []
    sents = []
    for sd in a.get("side_deals", []):
        sid = sd["id"]
        vals = ", ".join(f"{_name(r, p)} {num(v):s}" for p, v in sd["value"].items())
        state = "feasible" if sd["feasible"] else "not feasible"
        sents.append(
            _s(
                f"{sd['label']} ({sid}) is {state} at the point estimate (gains: {vals}).",
                [f"side_issues.{sid}.value.{p}" for p in sd["value"]],
                list(s.side_issues[sid].cite) if sid in s.side_issues else [],
            )
        )
    minimal = a["deals"].get("minimal", [])
    if minimal:
        subsets = [" + ".join(z["issues"]) for z in minimal]
        sents.append(
            _s(
                f"{a['deals']['n_deal_subsets']} of {a['deals']['n_subsets']} issue subsets "
                "admit a limited agreement while the rest stays open; the smallest are "
                + join(subsets[:5])
                + (f" (and {len(subsets) - 5} more)" if len(subsets) > 5 else "")
                + ".",
                ["positions"],
            )
        )
    if sents:
        blocks.append(_p(*sents))
    sim = r.simulation
    if sim is None:
        blocks.append(
            _p(
                _s(
                    "The scenario has no uncertain inputs and no ratifier with a veto "
                    "probability strictly between 0 and 1, so the point analysis above is the "
                    "whole answer: no Monte Carlo was run."
                )
            )
        )
    else:
        blocks.extend(_fig(figures.get("outcomes")))
        outs = sim["outcomes"]
        msents = [
            _s(
                f"P({CATEGORY_LABELS.get(c, c)}) = {prob_ci(e)}, {ipcc(float(e['p']))}.",
                _sim_refs(sim),
            )
            for c, e in outs.items()
        ]
        for sid, e in sim.get("side_deals", {}).items():
            label = s.side_issues[sid].label if sid in s.side_issues else sid
            msents.append(
                _s(
                    f"{label} is feasible in {pct(float(e['p']))} of draws (P = {prob_ci(e)}).",
                    [f"side_issues.{sid}"],
                    list(s.side_issues[sid].cite) if sid in s.side_issues else [],
                )
            )
        blocks.append(_p(*msents))
        hz = sim.get("horizon")
        if hz:
            blocks.extend(_fig(figures.get("horizon")))
            labels = hz.get("labels", {})
            blocks.append(
                Table(
                    caption=f"Outcome at the {num(hz.get('months'))}-month horizon",
                    header=("outcome", "label", "P", "Wilson 95%", "IPCC term"),
                    rows=tuple(
                        (
                            k,
                            labels.get(k, k),
                            prob(float(e["p"])),
                            f"[{prob(e['wilson95'][0])}, {prob(e['wilson95'][1])}]",
                            ipcc(float(e["p"])),
                        )
                        for k, e in hz["outcomes"].items()
                    ),
                    row_refs=tuple(("outcome_model",) for _ in hz["outcomes"]),
                )
            )
            ind = hz.get("indicators", {})
            if ind:
                blocks.append(
                    _p(
                        *[
                            _s(
                                f"Indicator {k.replace('_', ' ')}: P = {prob_ci(e)}.",
                                ["outcome_model"],
                            )
                            for k, e in ind.items()
                        ]
                    )
                )
    comp = r.comparison
    if comp is not None and comp.get("variants"):
        blocks.extend(_fig(figures.get("variants")))
        blocks.extend(_variants_blocks(comp))
    return Section(
        "alternatives",
        "Alternative scenarios",
        tuple(blocks),
        mirrors="Alternative Scenarios and Potential Outcomes",
    )


def variant_quantities(comp: Mapping[str, Any]) -> list[str]:
    """The quantities shown for variants: horizon outcomes and groups, else the zone categories."""
    hz = (comp.get("base", {}).get("simulation") or {}).get("horizon")
    if hz:
        return [*hz["outcomes"], *hz.get("groups", {})]
    return [f"zone:{c}" for c in CATEGORY_LABELS]


def _variants_blocks(comp: Mapping[str, Any]) -> list[Block]:
    names = variant_quantities(comp)
    variants = comp["variants"]
    short = [str(v["id"]).rsplit(".", 1)[-1] for v in variants]
    rows = []
    for name in names:
        cells = [name]
        for v in variants:
            d = v.get("delta", {}).get(name)
            if d is None or d.get("dp") is None:
                cells.append("-")
            else:
                lo, hi = d["diff95"]
                cells.append(f"{float(d['dp']):+.3f} [{float(lo):+.3f}, {float(hi):+.3f}]")
        rows.append(tuple(cells))
    sents = [
        _s(
            f"{len(variants)} what-if variant(s) were simulated with the base's seed "
            f"({comp['seed']}) and {comp['draws']:,} draws each, so differences are not "
            "sampling noise of different random numbers:"
        )
    ]
    sents += [
        _s(f"{sid} ({v['file']}): {v.get('title', '')}.")
        for sid, v in zip(short, variants, strict=True)
    ]
    table = Table(
        caption="What-if variants: change in probability against the base, Δp [95% interval]",
        header=("quantity", *short),
        rows=tuple(rows),
    )
    return [_p(*sents), table]


def most_likely(r: Results, figure: Figure | None) -> Section:
    """Most likely path: the modal outcome, what would have to change, sensitivity."""
    a = r.analysis
    blocks: list[Block] = []
    sim = r.simulation
    sents = []
    hz = sim.get("horizon") if sim is not None else None
    if hz:
        outs = hz["outcomes"]
        modal = hz.get("modal") or _modal(outs)
        labels = hz.get("labels", {})
        sents.append(
            _s(
                f"The modal outcome at the horizon is {labels.get(modal, modal)} ({modal}) with "
                f"P = {prob_ci(outs[modal])}.",
                ["outcome_model"],
            )
        )
    elif sim is not None:
        modal = _modal(sim["outcomes"])
        sents.append(
            _s(
                f"The most frequent Monte Carlo outcome is that "
                f"{CATEGORY_LABELS.get(modal, modal)} (P = {prob_ci(sim['outcomes'][modal])}).",
                _sim_refs(sim),
            )
        )
    else:
        sents.append(
            _s(
                f"With every input fixed, the verdict is {a['verdict']['code'].replace('_', ' ')}.",
                ["positions", "disagreement.cost"],
            )
        )
    blocks.append(_p(*sents))
    diag = a.get("diagnosis")
    if diag is not None:
        blocks.append(_change_para(r, diag))
    sens = r.sensitivity
    if sens:
        blocks.extend(_fig(figure))
        blocks.extend(_sensitivity_blocks(sens))
    return Section(
        "path",
        "Most likely path",
        tuple(blocks),
        mirrors="The Most Likely Path Forward",
    )


def _move_words(r: Results, mv: Mapping[str, Any]) -> tuple[str, list[str], list[str]]:
    words, refs, cites = _constraint(r, mv)
    ch = mv.get("change", {})
    if "cost_increase" in ch:
        aid = mv["actor"]
        return (
            (
                f"{_poss(_name(r, aid))} cost of conflict {num(ch['cost_from'])} → "
                f"{num(ch['cost_to'])} (+{num(ch['cost_increase'])})"
            ),
            [f"disagreement.cost.{aid}"],
            [],
        )
    lo, hi = ch.get("bound_to", mv.get("bound", [0, 100]))
    return f"{words} → {_bound(lo, hi)} ({num(ch.get('shift'))} points)", refs, cites


def _change_para(r: Results, diag: Mapping[str, Any]) -> Para:
    sents = []
    joint = diag.get("joint")
    if joint is not None:
        parts = [_move_words(r, mv) for mv in joint["moves"]]
        sents.append(
            _s(
                f"The smallest joint change that opens a zone ({num(joint['total'])} points in "
                "all) is: " + "; ".join(p[0] for p in parts) + ".",
                [x for p in parts for x in p[1]],
                [x for p in parts for x in p[2]],
            )
        )
    alone = []
    for row in diag.get("by_signatory", []):
        best = row.get("both") or row.get("red_line_shift") or row.get("cost_increase")
        if best is not None:
            alone.append(f"{_name(r, row['actor'])} ({num(best['total'])} points)")
    if alone:
        sents.append(
            _s(
                "A single signatory could open a zone on its own by moving its red lines or "
                "accepting higher costs: " + join(alone) + ".",
                [f"positions.{row['actor']}" for row in diag.get("by_signatory", [])],
            )
        )
    elif diag.get("by_signatory"):
        sents.append(
            _s(
                "No signatory can open a zone on its own: every single-party change leaves "
                "another party's red line or ratifier in the way.",
                ["positions", "veto"],
            )
        )
    if not sents:
        sents.append(_s("No change within the scenario's red lines opens a zone."))
    return _p(*sents)


def _sensitivity_blocks(sens: Mapping[str, Any]) -> list[Block]:
    blocks: list[Block] = []
    sobol = sens.get("sobol") or []
    if sobol:
        blocks.append(
            Table(
                caption=f"Sobol indices of P({sens.get('target', '')}) (Saltelli 2010)",
                header=("input", "S1", "S1 95%", "S_T", "S_T 95%"),
                rows=tuple(
                    (
                        x["input"],
                        num(x["S1"], 3),
                        _ci(x.get("S1_95")),
                        num(x["ST"], 3),
                        _ci(x.get("ST_95")),
                    )
                    for x in sobol[:10]
                ),
                row_refs=tuple((x["input"],) for x in sobol[:10]),
            )
        )
    inv = sens.get("inverse")
    if inv:
        sents = [
            _s(
                f"At the base, P({sens.get('target', '')}) = {prob(float(inv['base_p']))}"
                + (f" against {inv['competitor']}" if inv.get("competitor") else "")
                + "."
            )
        ]
        for item in (inv.get("single") or [])[:5]:
            ch = item["changes"]
            sents.append(
                _s(
                    "Changing "
                    + join(
                        [f"{c['input']} from {num(c['from'], 3)} to {num(c['to'], 3)}" for c in ch]
                    )
                    + f" gives P = {prob(float(item['p']))}"
                    + (" and makes it the most likely outcome" if item.get("most_likely") else "")
                    + ".",
                    [c["input"] for c in ch],
                )
            )
        if not inv.get("found"):
            sents.append(_s("No single or paired change within the inputs' ranges makes it modal."))
        blocks.append(_p(*sents))
    return blocks


def _ci(v: Any) -> str:
    if not v:
        return "-"
    return f"[{num(v[0], 3)}, {num(v[1], 3)}]"


def conclusion(r: Results) -> Section:
    """Conclusion: the verdict, the probability, what would have to change."""
    a = r.analysis
    code = a["verdict"]["code"]
    words = {
        "settlement_possible": "a comprehensive settlement is possible at the point estimate",
        "limited_deals_only": "only limited deals are possible at the point estimate",
        "nothing_acceptable": "no agreement of any kind is acceptable at the point estimate",
    }.get(code, code)
    sents = [_s(f"In conclusion, {words}.", ["positions", "disagreement.cost", "veto"])]
    sim = r.simulation
    if sim is not None:
        hz = sim.get("horizon")
        if hz and "O6_SETTLEMENT" in hz["outcomes"]:
            e = hz["outcomes"]["O6_SETTLEMENT"]
            sents.append(
                _s(
                    f"A comprehensive settlement within the horizon is {ipcc(float(e['p']))} "
                    f"(P = {prob_ci(e)}).",
                    ["outcome_model"],
                )
            )
        else:
            e = sim["outcomes"]["settlement"]
            sents.append(
                _s(
                    f"Over the uncertain inputs a comprehensive zone is {ipcc(float(e['p']))} "
                    f"(P = {prob_ci(e)}).",
                    _sim_refs(sim),
                )
            )
    diag = a.get("diagnosis")
    if diag is not None and diag.get("joint") is not None:
        sents.append(
            _s(
                "Opening a zone would take red-line or cost changes of "
                f"{num(diag['joint']['total'])} points in all (see Most likely path).",
                ["positions", "veto"],
            )
        )
    return Section("conclusion", "Conclusion", (_p(*sents),), mirrors="Conclusion")


# --------------------------------------------------------------------------- article check


@dataclass(frozen=True)
class ClaimResult:
    """A claim with the model's value and agree / disagree / not computed."""

    id: str
    text: str
    cites: tuple[str, ...]
    quantity: str
    variant: str | None
    test: str
    value: str
    verdict: str


_OP = re.compile(r"^\s*(<=|>=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$")
_IN = re.compile(r"^\s*in\s*\[\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*\]\s*$")


def _holds(test: str, x: float) -> bool | None:
    m = _OP.match(test)
    if m:
        op, v = m.group(1), float(m.group(2))
        return {"<": x < v, "<=": x <= v, ">": x > v, ">=": x >= v}[op]
    m = _IN.match(test)
    if m:
        return float(m.group(1)) <= x <= float(m.group(2))
    return None


def _lookup(root: Any, parts: Sequence[str]) -> Any:
    node = root
    for part in parts:
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        elif isinstance(node, list):
            match = [x for x in node if isinstance(x, Mapping) and x.get("id") == part]
            if not match:
                return None
            node = match[0]
        else:
            return None
    return node


def evaluate_claim(claim: Any, r: Results) -> ClaimResult:
    """Compute a claim's quantity from the results and test it (never tuned: reported as is)."""
    from pathlib import Path

    parts = claim.quantity.split(".")
    sim: Any = r.simulation
    delta: Any = None
    missing = ""
    if claim.variant is not None:
        found = None
        for v in (r.comparison or {}).get("variants", []):
            vid = str(v.get("id", ""))
            names = {vid, vid.rsplit(".", 1)[-1], Path(str(v.get("file", ""))).stem}
            if claim.variant in names:
                found = v
        if found is None:
            missing = f"variant {claim.variant} not run"
            sim = None
        else:
            sim, delta = found.get("simulation"), found.get("delta")
    roots: dict[str, Any] = {
        "analysis": r.analysis,
        "gmcr": r.gmcr,
        "simulation": sim,
        "sensitivity": r.sensitivity,
        "delta": delta,
    }
    value = _lookup(roots[parts[0]], parts[1:]) if parts[0] in roots else _lookup(sim, parts)
    base = ClaimResult(
        id=claim.id,
        text=claim.text,
        cites=tuple(claim.cite),
        quantity=claim.quantity,
        variant=claim.variant,
        test=claim.test,
        value="-",
        verdict="",
    )
    if value is None:
        why = missing or f"{claim.quantity} is not computed in this run"
        return _replace(base, verdict=f"not computed ({why})")
    interval: tuple[float, float] | None = None
    if isinstance(value, Mapping) and value.get("p", value.get("dp", 0)) is None:
        return _replace(base, verdict="not computed (no draw meets the condition)")
    if isinstance(value, Mapping) and "p" in value:
        interval = (float(value["wilson95"][0]), float(value["wilson95"][1]))
        shown = prob_ci(value)
        value = float(value["p"])
    elif isinstance(value, Mapping) and "dp" in value:
        interval = (float(value["diff95"][0]), float(value["diff95"][1]))
        shown = f"{float(value['dp']):+.3f} [{interval[0]:+.3f}, {interval[1]:+.3f}]"
        value = float(value["dp"])
    elif isinstance(value, bool):
        shown = "true" if value else "false"
    elif isinstance(value, int | float):
        shown = num(value, 4)
    elif isinstance(value, str):
        shown = value
    else:
        return _replace(base, verdict="not computed (the quantity is not a single value)")
    test = claim.test.strip()
    if test.startswith("=="):
        ok = str(value) == test[2:].strip()
        return _replace(base, value=shown, verdict="agrees" if ok else "disagrees")
    if test.startswith("is"):
        want = test.split()[1] == "true"
        ok = isinstance(value, bool) and value is want
        return _replace(base, value=shown, verdict="agrees" if ok else "disagrees")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _replace(base, value=shown, verdict="not computed (not a number)")
    ok_point = _holds(test, float(value))
    verdict = "agrees" if ok_point else "disagrees"
    if interval is not None:
        ends = {_holds(test, interval[0]), _holds(test, interval[1])}
        if len(ends) > 1:
            verdict += " at the estimate; the 95% interval straddles the threshold"
        else:
            verdict += " (whole 95% interval)"
    return _replace(base, value=shown, verdict=verdict)


def _replace(c: ClaimResult, *, verdict: str, value: str = "-") -> ClaimResult:
    from dataclasses import replace

    return replace(c, verdict=verdict, value=value)


def article_check(r: Results) -> Section | None:
    """The article check: each declared claim, the model's number, agree / disagree."""
    claims = getattr(r.loaded.scenario, "claims", ())
    if not claims:
        return None
    results = [evaluate_claim(c, r) for c in claims]
    n_agree = sum(x.verdict.startswith("agrees") for x in results)
    n_dis = sum(x.verdict.startswith("disagrees") for x in results)
    n_nc = len(results) - n_agree - n_dis
    lead = _p(
        _s(
            f"The source makes {len(results)} checkable claims: the model agrees with {n_agree}, "
            f"disagrees with {n_dis}, and {n_nc} cannot be computed in this run. The inputs come "
            "from their cited evidence; nothing was tuned to the claims."
        )
    )
    table = Table(
        caption="The source's claims beside the model's numbers",
        header=("#", "claim", "computed test", "model", "verdict"),
        rows=tuple(
            (
                x.id,
                x.text,
                f"{x.quantity} {x.test} ({'variant ' + x.variant if x.variant else 'base'})",
                x.value,
                x.verdict,
            )
            for x in results
        ),
        row_cites=tuple(x.cites for x in results),
    )
    return Section("article-check", "Article check", (lead, table))


# --------------------------------------------------------------------------- appendix


def method(r: Results, figure: Figure | None) -> Section:
    """How to read the report: the likelihood scale, intervals, what is not modelled."""
    blocks: list[Block] = [
        _p(
            _s(
                "Verbal probabilities follow the IPCC likelihood scale (Mastrandrea et al. 2010; "
                "IPCC AR4 calibrated language): "
                + "; ".join(f"{t} {band}" for t, band in IPCC_SCALE)
                + ". The report names the narrowest band containing the point estimate."
            ),
            _s(
                "Probabilities are Monte Carlo frequencies with Wilson 95% score intervals "
                "(Wilson 1927); a sentence with a number links to the scenario inputs it comes "
                "from, and each input in the appendix shows its why and its citations."
            ),
        )
    ]
    sim = r.simulation
    if sim is not None and sim.get("not_modelled"):
        blocks.append(
            _p(_s("Not modelled in this run: " + "; ".join(sim["not_modelled"]) + "."), kind="note")
        )
    if r.notes:
        blocks.append(_p(*[_s(n) for n in r.notes], kind="note"))
    blocks.extend(_fig(figure))
    return Section("method", "How to read this report", tuple(blocks))


def build_sections(r: Results, figures: Mapping[str, Figure | None]) -> tuple[Section, ...]:
    """All sections in the order of the seed article, then the article check and method."""
    out = [
        summary(r),
        trust(r),
        objectives(r, figures.get("issues")),
        domestic(r),
        international(r),
        complexity(r, figures.get("gmcr")),
        alternatives(r, figures),
        most_likely(r, figures.get("tornado")),
        conclusion(r),
    ]
    check = article_check(r)
    if check is not None:
        out.append(check)
    out.append(method(r, figures.get("convergence")))
    return tuple(out)
