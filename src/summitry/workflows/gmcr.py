"""GMCR workflow: load a model (``.gmcr`` or a YAML ``gmcr:`` block), analyse it, report it.

This is what ``summitry gmcr`` calls. :func:`load_model` turns every input mistake into a located
:class:`~summitry.errors.InputError`; :func:`run` computes stabilities and equilibria (textbook or
gmcr-py rule), optional limited-move stability, status-quo reachability, coalition stability,
inverse GMCR and the block's hypotheses; :func:`to_json`, :func:`to_text` and :func:`to_dot`
render the result. Nothing here prints.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, ValidationError

from summitry.engines.gmcr.inverse import INVERSE_CONCEPTS, InverseProfile, inverse
from summitry.engines.gmcr.limited import limited_move_stable
from summitry.engines.gmcr.reach import make_movers
from summitry.engines.gmcr.stability import CONCEPTS, Rule, StabilityResult, analyse
from summitry.engines.gmcr.states import (
    DEFAULT_MAX_OPTIONS,
    DEFAULT_MAX_STATES,
    Compiled,
    RankingError,
    compile_conflict,
)
from summitry.engines.gmcr.statusquo import Reachability, path_to, reach_from
from summitry.errors import InputError, Problem, format_value
from summitry.io.gmcr_py import load_gmcr
from summitry.io.yamlfile import Document, problems_from_validation, read_yaml, sort_problems
from summitry.model.gmcr import Conflict, GmcrBlock, GmcrSpecError, block_to_conflict

__all__ = [
    "GmcrReport",
    "LoadedGmcr",
    "load_model",
    "parse_state",
    "run",
    "to_dot",
    "to_json",
    "to_text",
]

GMCR_SUFFIXES = (".gmcr", ".json")


class _GmcrFile(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    gmcr: GmcrBlock


@dataclass(frozen=True)
class LoadedGmcr:
    """A conflict read from a file, with its states compiled."""

    conflict: Conflict
    compiled: Compiled
    source: str
    block: GmcrBlock | None = None


def _cli_problem(option: str, message: str, value: Any, expected: str, fix: str) -> InputError:
    return InputError(
        [
            Problem(
                file="<command line>",
                line=0,
                col=0,
                path=option,
                message=message,
                value=format_value(value),
                expected=expected,
                fix=fix,
            )
        ]
    )


def load_model(
    path: str | Path,
    *,
    max_options: int = DEFAULT_MAX_OPTIONS,
    max_states: int = DEFAULT_MAX_STATES,
) -> LoadedGmcr:
    """Read a gmcr-py file or a YAML file with a ``gmcr:`` block and compile its states.

    Raises
    ------
    InputError
        With file:line:col, field path, value, expected value and fix for every problem.
    ModelSizeError
        When the model exceeds ``max_options`` or ``max_states``.
    """
    p = Path(path)
    name = str(path)
    if p.suffix.lower() in GMCR_SUFFIXES:
        conflict = load_gmcr(p)
        try:
            compiled = compile_conflict(conflict, max_options=max_options, max_states=max_states)
        except RankingError as exc:  # pragma: no cover - the importer validates rankings
            raise InputError(
                [
                    Problem(
                        file=name,
                        line=0,
                        col=0,
                        path=f"decisionMakers.{exc.dm}.preferenceRanking",
                        message=exc.message,
                        value=format_value(exc.states),
                        expected="every feasible state exactly once",
                        fix="correct the ranking",
                    )
                ]
            ) from None
        return LoadedGmcr(conflict=conflict, compiled=compiled, source=name)
    doc = read_yaml(p, name)
    return _from_document(doc, max_options=max_options, max_states=max_states)


def _from_document(doc: Document, *, max_options: int, max_states: int) -> LoadedGmcr:
    if "gmcr" not in doc.data:
        raise InputError(
            [
                doc.problem(
                    (),
                    "no gmcr: block",
                    None,
                    "a top-level gmcr: mapping (or a .gmcr file)",
                    "add a gmcr: block with options and preferences",
                    show_value=False,
                )
            ]
        )
    try:
        block = _GmcrFile.model_validate({"gmcr": doc.data["gmcr"]}).gmcr
    except ValidationError as exc:
        raise InputError(sort_problems(problems_from_validation(doc, exc, _GmcrFile))) from None
    try:
        conflict = block_to_conflict(block)
    except GmcrSpecError as exc:
        raise InputError(sort_problems(doc.problem_from(v) for v in exc.violations)) from None
    try:
        compiled = compile_conflict(conflict, max_options=max_options, max_states=max_states)
    except RankingError as exc:
        dm = conflict.decision_makers[exc.dm].name
        loc: tuple[str | int, ...] = ("gmcr", "preferences", dm, "ranking")
        if exc.group is not None:
            loc = (*loc, exc.group)
        raise InputError(
            [
                doc.problem(
                    loc,
                    exc.message,
                    exc.states or exc.message,
                    "tie groups that hold every feasible state exactly once",
                    "make the ranking's conditions cover each state once",
                )
            ]
        ) from None
    if conflict.status_quo is not None and compiled.index(conflict.status_quo) < 0:
        raise InputError(
            [
                doc.problem(
                    ("gmcr", "status_quo"),
                    "status quo is an infeasible state",
                    conflict.yn(conflict.status_quo),
                    "a state that satisfies no infeasible: condition",
                    "correct the status quo or the infeasible conditions",
                )
            ]
        )
    return LoadedGmcr(conflict=conflict, compiled=compiled, source=doc.name, block=block)


_LETTER = {"nash": "N", "gmr": "G", "seq": "S", "smr": "M", "sim": "I"}
_YN = re.compile(r"^[YNyn]+$")


def parse_state(text: str, c: Compiled, *, option: str = "--status-quo") -> int:
    """Parse a state given as a gmcr-py state number (``7``) or a YN string (``NYNNY``)."""
    t = text.strip()
    expected = f"a state number from 1 to {c.size} or a YN string of {c.n} letters (option 1 first)"
    if t.isdigit():
        number = int(t)
        if not 1 <= number <= c.size:
            raise _cli_problem(
                option,
                "no such state",
                text,
                expected,
                "list the states with --format text and pick a number",
            )
        return number - 1
    if _YN.match(t) and len(t) == c.n:
        code = sum(1 << i for i, ch in enumerate(t.upper()) if ch == "Y")
        idx = c.index(code)
        if idx < 0:
            raise _cli_problem(
                option,
                "state is infeasible",
                text,
                "a feasible state",
                "pick a state that satisfies no infeasibility condition",
            )
        return idx
    raise _cli_problem(
        option, "not a state", text, expected, "give a state number, or Y/N for every option"
    )


@dataclass(frozen=True)
class HypothesisResult:
    """A hypothesis of the ``gmcr:`` block with what the analysis computed."""

    key: str
    text: str
    state: int | None
    check: str
    holds: bool | None
    detail: dict[str, Any]


@dataclass(frozen=True)
class GmcrReport:
    """Everything one ``summitry gmcr`` run computed."""

    loaded: LoadedGmcr
    result: StabilityResult
    rule: Rule
    status_quo: int | None = None
    reach_any: Reachability | None = None
    reach_ui: Reachability | None = None
    horizon: int | None = None
    limited: np.ndarray[Any, Any] | None = None
    coalition: StabilityResult | None = None
    inverse_state: int | None = None
    inverse_profiles: list[InverseProfile] = field(default_factory=list)
    hypotheses: list[HypothesisResult] = field(default_factory=list)


def _hypotheses(
    loaded: LoadedGmcr, res: StabilityResult, ui: Reachability | None
) -> list[HypothesisResult]:
    block = loaded.block
    c = loaded.compiled
    conflict = loaded.conflict
    if block is None or not block.hypotheses:
        return []
    names = conflict.option_index()
    dm_index = {dm.name: k for k, dm in enumerate(conflict.decision_makers)}
    movers = list(res.movers)
    out: list[HypothesisResult] = []
    sq = conflict.status_quo
    for key, hyp in block.hypotheses.items():
        code = sq if sq is not None else 0
        for oname, value in hyp.state.items():
            bit = 1 << names[oname]
            code = code | bit if value else code & ~bit
        idx = c.index(code)
        detail: dict[str, Any] = {"yn": conflict.yn(code)}
        if idx < 0:
            out.append(
                HypothesisResult(
                    key,
                    hyp.text,
                    None,
                    hyp.check,
                    None,
                    {**detail, "note": "the state is infeasible"},
                )
            )
            continue
        detail["state"] = idx + 1
        holds: bool | None
        dms = [dm_index[d] for d in hyp.dms] or list(range(conflict.n_dms))
        if hyp.check in ("stable", "unstable"):
            table: dict[str, dict[str, bool]] = {}
            for concept in hyp.concepts:
                row: dict[str, bool] = {}
                for k in dms:
                    e = next(j for j, m in enumerate(movers) if k in m.members)
                    row[conflict.decision_makers[k].name] = bool(res.stable[concept][e, idx])
                table[concept] = row
            detail["stable"] = table
            want = hyp.check == "stable"
            holds = all(v == want for row in table.values() for v in row.values())
        elif hyp.check in ("equilibrium", "not_equilibrium"):
            eq = {x: bool(res.stable[x][:, idx].all()) for x in hyp.concepts}
            detail["equilibrium"] = eq
            want = hyp.check == "equilibrium"
            holds = all(v == want for v in eq.values())
        elif hyp.check in ("prefers", "opposes", "reachable") and sq is None:
            detail["note"] = "the model has no status quo to compare with"
            holds = None
        elif hyp.check in ("prefers", "opposes"):
            s0 = c.index(sq) if sq is not None else -1
            pref: dict[str, str] = {}
            for k in dms:
                a, b = int(c.payoffs[k][idx]), int(c.payoffs[k][s0])
                pref[conflict.decision_makers[k].name] = (
                    "prefers" if a > b else "opposes" if a < b else "indifferent"
                )
            detail["versus_status_quo"] = pref
            holds = all(v == hyp.check for v in pref.values())
        else:
            reached = ui is not None and bool(ui.distance[idx] >= 0)
            detail["reachable_by_improvements"] = reached
            holds = reached if ui is not None else None
        out.append(HypothesisResult(key, hyp.text, idx, hyp.check, holds, detail))
    return out


def _parse_vary(specs: Sequence[str], conflict: Conflict) -> dict[int, tuple[int, int]]:
    names = {dm.name: k for k, dm in enumerate(conflict.decision_makers)}
    out: dict[int, tuple[int, int]] = {}
    for spec in specs:
        m = re.match(r"^(.+)=(\d+):(\d+)$", spec.strip())
        if m is None or m.group(1) not in names:
            raise _cli_problem(
                "--vary",
                "not a vary range",
                spec,
                f"DM=START:END with DM one of {', '.join(names)}",
                "write e.g. --vary 'MoE=0:4' (ranking positions, 0-based, END excluded)",
            )
        out[names[m.group(1)]] = (int(m.group(2)), int(m.group(3)))
    return out


def _parse_coalitions(specs: Sequence[str], conflict: Conflict) -> tuple[tuple[int, ...], ...]:
    names = {dm.name: k for k, dm in enumerate(conflict.decision_makers)}
    parts: list[tuple[int, ...]] = []
    used: set[int] = set()
    for spec in specs:
        members = [x.strip() for x in spec.split("+")]
        bad = [x for x in members if x not in names or names[x] in used]
        if bad:
            raise _cli_problem(
                "--coalition",
                "unknown or repeated DM",
                bad[0],
                f"DM names joined by + ({', '.join(names)}), each DM once",
                "write e.g. --coalition 'MoE+Uniroyal'",
            )
        part = tuple(sorted(names[x] for x in members))
        used.update(part)
        parts.append(part)
    parts.extend((k,) for k in range(conflict.n_dms) if k not in used)
    return tuple(sorted(parts))


def run(
    loaded: LoadedGmcr,
    *,
    rule: Rule = "textbook",
    status_quo: str | None = None,
    horizon: int | None = None,
    coalitions: Sequence[str] = (),
    desired: str | None = None,
    vary: Sequence[str] = (),
    coalition_moves: Literal["joint", "sequence"] = "joint",
) -> GmcrReport:
    """Analyse a loaded model; every optional part is computed only when asked for."""
    c = loaded.compiled
    conflict = loaded.conflict
    res = analyse(c, rule=rule)
    sq: int | None = None
    if status_quo is not None:
        sq = parse_state(status_quo, c)
    elif conflict.status_quo is not None:
        sq = c.index(conflict.status_quo)
    movers = make_movers(c)
    reach_any = reach_from(c, movers, sq, improve=False) if sq is not None else None
    reach_ui = reach_from(c, movers, sq, improve=True) if sq is not None else None
    limited = None
    if horizon is not None:
        if conflict.n_dms != 2 or conflict.coalitions is not None:
            raise _cli_problem(
                "--horizon",
                "limited-move stability needs exactly 2 DMs",
                conflict.n_dms,
                "a 2-DM model without coalitions",
                "drop --horizon for this model",
            )
        if horizon < 1:
            raise _cli_problem(
                "--horizon",
                "horizon must be at least 1",
                horizon,
                "an integer >= 1",
                "give --horizon 1 or more",
            )
        limited = limited_move_stable(c, horizon)
    coal = None
    if coalitions:
        groups = _parse_coalitions(coalitions, conflict)
        coal = analyse(
            c,
            rule=rule,
            groups=groups,
            concepts=("nash", "gmr", "seq", "smr"),
            coalition_moves=coalition_moves,
        )
    inv_state = None
    profiles: list[InverseProfile] = []
    if desired is not None:
        inv_state = parse_state(desired, c, option="--desired")
        profiles = list(inverse(c, inv_state, _parse_vary(vary, conflict), rule=rule))
    elif vary:
        raise _cli_problem(
            "--vary",
            "--vary needs --desired",
            list(vary),
            "--desired STATE together with --vary",
            "add --desired STATE",
        )
    return GmcrReport(
        loaded=loaded,
        result=res,
        rule=rule,
        status_quo=sq,
        reach_any=reach_any,
        reach_ui=reach_ui,
        horizon=horizon,
        limited=limited,
        coalition=coal,
        inverse_state=inv_state,
        inverse_profiles=profiles,
        hypotheses=_hypotheses(loaded, res, reach_ui),
    )


def _numbers(idx: np.ndarray[Any, Any]) -> list[int]:
    return [int(x) + 1 for x in idx]


def _path_json(report: GmcrReport, r: Reachability, target: int) -> list[dict[str, Any]] | None:
    path = path_to(r, target)
    if path is None:
        return None
    c = report.loaded.compiled
    return [
        {
            "mover": None if e < 0 else report.result.mover_name(e),
            "state": s + 1,
            "yn": report.loaded.conflict.yn(int(c.codes[s])),
        }
        for e, s in path
    ]


def _status_quo_json(report: GmcrReport) -> dict[str, Any] | None:
    if report.status_quo is None or report.reach_any is None or report.reach_ui is None:
        return None
    res = report.result
    targets: dict[int, list[str]] = {}
    for concept in CONCEPTS:
        for s in res.equilibria(concept):
            targets.setdefault(int(s), []).append(concept)
    rows = []
    for s, concepts in sorted(targets.items()):
        rows.append(
            {
                "state": s + 1,
                "equilibrium_under": concepts,
                "reachable": bool(report.reach_any.distance[s] >= 0),
                "moves": int(report.reach_any.distance[s])
                if report.reach_any.distance[s] >= 0
                else None,
                "path": _path_json(report, report.reach_any, s),
                "reachable_by_improvements": bool(report.reach_ui.distance[s] >= 0),
                "improvement_moves": int(report.reach_ui.distance[s])
                if report.reach_ui.distance[s] >= 0
                else None,
                "improvement_path": _path_json(report, report.reach_ui, s),
            }
        )
    return {
        "state": report.status_quo + 1,
        "yn": report.loaded.conflict.yn(int(report.loaded.compiled.codes[report.status_quo])),
        "reachable_states": int((report.reach_any.distance >= 0).sum()),
        "reachable_by_improvements": int((report.reach_ui.distance >= 0).sum()),
        "equilibria": rows,
    }


def to_json(report: GmcrReport) -> dict[str, Any]:
    """The JSON object of a report (documented in ``docs/gmcr.md``)."""
    loaded = report.loaded
    conflict, c, res = loaded.conflict, loaded.compiled, report.result
    dms = conflict.decision_makers
    out: dict[str, Any] = {
        "model": {
            "name": conflict.name,
            "source": loaded.source,
            "citation": conflict.citation,
            "n_options": conflict.n_options,
            "n_states": c.size,
            "options": [
                {
                    "position": i,
                    "name": o.name,
                    "dm": dms[o.dm].name,
                    "permittedDirection": o.direction.value,
                    "decimal_weight": 1 << i,
                }
                for i, o in enumerate(conflict.options)
            ],
            "decision_makers": [
                {"name": dm.name, "options": [conflict.options[o].name for o in dm.options]}
                for dm in dms
            ],
            "movers": [res.mover_name(e) for e in range(len(res.movers))],
        },
        "rule": report.rule,
        "states": [
            {"number": k + 1, "decimal": int(code), "yn": conflict.yn(int(code))}
            for k, code in enumerate(c.codes)
        ],
        "payoffs": {dm.name: c.payoffs[k].tolist() for k, dm in enumerate(dms)},
        "stable": {
            x: {
                res.mover_name(e): res.stable[x][e].astype(int).tolist()
                for e in range(len(res.movers))
            }
            for x in CONCEPTS
        },
        "equilibria": {x: _numbers(res.equilibria(x)) for x in CONCEPTS},
        "status_quo": _status_quo_json(report),
    }
    if out["status_quo"] is not None:
        out["status_quo"]["graph"] = _graph(out)
    if report.rule == "gmcr-py":
        out["equilibria"]["seq&sim"] = _numbers(res.equilibria("seq&sim"))
    if report.limited is not None:
        out["limited_move"] = {
            "horizon": report.horizon,
            "tie_rule": "among equally good anticipated states, the lowest-numbered",
            "stable": {dms[k].name: report.limited[k].astype(int).tolist() for k in range(2)},
            "equilibria": _numbers(np.nonzero(report.limited.all(axis=0))[0]),
        }
    if report.coalition is not None:
        co = report.coalition
        out["coalition"] = {
            "movers": [co.mover_name(e) for e in range(len(co.movers))],
            "moves": "sequence" if any(m.sequential for m in co.movers) else "joint",
            "stable": {
                x: {
                    co.mover_name(e): co.stable[x][e].astype(int).tolist()
                    for e in range(len(co.movers))
                }
                for x in co.stable
            },
            "equilibria": {x: _numbers(co.equilibria(x)) for x in co.stable},
        }
    if report.inverse_state is not None:
        profiles = report.inverse_profiles
        out["inverse"] = {
            "desired_state": report.inverse_state + 1,
            "profiles_tried": len(profiles),
            "profiles_making_equilibrium": {
                x: sum(p.equilibrium[x] for p in profiles) for x in INVERSE_CONCEPTS
            },
            "examples": [
                {
                    "rankings": {
                        dms[k].name: [[s + 1 for s in g] for g in groups]
                        for k, groups in enumerate(p.rankings)
                    },
                    "equilibrium": p.equilibrium,
                }
                for p in profiles
                if any(p.equilibrium.values())
            ][:20],
        }
    if report.hypotheses:
        out["hypotheses"] = [
            {
                "id": h.key,
                "text": h.text,
                "state": None if h.state is None else h.state + 1,
                "check": h.check,
                "holds": h.holds,
                "computed": h.detail,
            }
            for h in report.hypotheses
        ]
    return out


def to_text(report: GmcrReport) -> str:
    """A plain-text report: states, payoffs, stabilities, equilibria, paths, hypotheses."""
    data = to_json(report)
    conflict = report.loaded.conflict
    lines = [
        f"GMCR analysis of {data['model']['name']} ({data['model']['source']})",
        (
            f"rule: {report.rule}; {conflict.n_dms} decision makers, {conflict.n_options} "
            f"options, {data['model']['n_states']} feasible states"
        ),
    ]
    movers = data["model"]["movers"]
    if report.loaded.compiled.size <= 64:
        head = ["state", "dec", "YN"] + [f"P:{dm.name}" for dm in conflict.decision_makers]
        head += [f"{m}" for m in movers]
        lines.append("")
        lines.append("  ".join(head))
        for k, st in enumerate(data["states"]):
            pays = [str(data["payoffs"][dm.name][k]) for dm in conflict.decision_makers]
            flags = []
            for m in movers:
                flags.append(
                    "".join(_LETTER[x] if data["stable"][x][m][k] else "." for x in CONCEPTS)
                )
            lines.append(
                "  ".join([str(st["number"]), str(st["decimal"]), st["yn"], *pays, *flags])
            )
        lines.append("(per mover, stable under: N=Nash G=GMR S=SEQ M=SMR I=SIM; . = unstable)")
    lines.append("")
    lines.append("Equilibria (state numbers):")
    for x, states in data["equilibria"].items():
        shown = ", ".join(map(str, states[:60])) + (" ..." if len(states) > 60 else "")
        lines.append(f"  {x.upper():8s} ({len(states)}): {shown}")
    if "limited_move" in data:
        lm = data["limited_move"]
        lines.append(
            f"  L_{lm['horizon']:<6} ({len(lm['equilibria'])}): "
            + ", ".join(map(str, lm["equilibria"]))
        )
    sq = data["status_quo"]
    if sq is not None:
        lines.append("")
        lines.append(
            f"Status quo: state {sq['state']} ({sq['yn']}); reachable states "
            f"{sq['reachable_states']}, by improvements {sq['reachable_by_improvements']}"
        )
        for row in sq["equilibria"]:
            concepts = "/".join(x.upper() for x in row["equilibrium_under"])
            if row["path"] is None:
                lines.append(f"  -> {row['state']} [{concepts}]: not reachable")
                continue
            path = " ".join(f"-{p['mover']}-> {p['state']}" for p in row["path"][1:]) or "(here)"
            ui = (
                "by improvements in " + str(row["improvement_moves"]) + " moves"
                if row["reachable_by_improvements"]
                else "not by improvements alone"
            )
            lines.append(
                f"  -> {row['state']} [{concepts}]: {row['moves']} moves: "
                f"{sq['state']} {path}; {ui}"
            )
    if "coalition" in data:
        lines.append("")
        lines.append("Coalition stability (movers: " + ", ".join(data["coalition"]["movers"]) + ")")
        for x, states in data["coalition"]["equilibria"].items():
            lines.append(f"  {x.upper():8s} ({len(states)}): " + ", ".join(map(str, states)))
    if "inverse" in data:
        inv = data["inverse"]
        lines.append("")
        lines.append(
            f"Inverse GMCR for state {inv['desired_state']}: {inv['profiles_tried']} "
            "preference profiles tried; profiles making it an equilibrium: "
            + ", ".join(f"{k.upper()} {v}" for k, v in inv["profiles_making_equilibrium"].items())
        )
    if "hypotheses" in data:
        lines.append("")
        lines.append("Hypotheses (computed, not asserted):")
        for h in data["hypotheses"]:
            verdict = {True: "holds", False: "does not hold", None: "undetermined"}[h["holds"]]
            lines.append(f"  {h['id']}: {verdict} - {h['text']}")
            lines.append(
                f"      state {h['state']} {h['computed'].get('yn', '')}: "
                + "; ".join(
                    f"{k}={v}" for k, v in h["computed"].items() if k not in ("yn", "state")
                )
            )
    return "\n".join(lines) + "\n"


def _graph(data: dict[str, Any]) -> dict[str, Any]:
    """Nodes and edges of the shortest paths from the status quo to every equilibrium."""
    eq = {s for states in data["equilibria"].values() for s in states}
    sq = data["status_quo"]
    nodes: set[int] = set(eq)
    edges: dict[tuple[int, int], tuple[str, bool]] = {}
    if sq is not None:
        nodes.add(sq["state"])
        for row in sq["equilibria"]:
            for key, ui in (("path", False), ("improvement_path", True)):
                path = row[key]
                if path is None:
                    continue
                for a, b in itertools.pairwise(path):
                    nodes.update((a["state"], b["state"]))
                    prev = edges.get((a["state"], b["state"]))
                    edges[(a["state"], b["state"])] = (b["mover"], ui or bool(prev and prev[1]))
    yn = {s["number"]: s["yn"] for s in data["states"]}
    return {
        "nodes": [
            {
                "state": s,
                "yn": yn[s],
                "equilibrium": s in eq,
                "status_quo": sq is not None and s == sq["state"],
            }
            for s in sorted(nodes)
        ],
        "edges": [
            {"from": a, "to": b, "mover": mover, "on_improvement_path": ui}
            for (a, b), (mover, ui) in sorted(edges.items())
        ],
    }


def to_dot(report: GmcrReport) -> str:
    """Graphviz DOT of the shortest paths from the status quo to every equilibrium.

    Solid edges lie on a path of unilateral improvements, dashed edges on other shortest paths;
    equilibria are drawn as double circles, the status quo in bold. Without a status quo, the
    graph shows the equilibria only.
    """
    graph = _graph(to_json(report))
    lines = ["digraph gmcr {", "  rankdir=LR;", "  node [shape=circle];"]
    for node in graph["nodes"]:
        shape = "doublecircle" if node["equilibrium"] else "circle"
        extra = ", style=bold" if node["status_quo"] else ""
        lines.append(
            f'  s{node["state"]} [label="{node["state"]}\\n{node["yn"]}", shape={shape}{extra}];'
        )
    for edge in graph["edges"]:
        style = "solid" if edge["on_improvement_path"] else "dashed"
        lines.append(
            f'  s{edge["from"]} -> s{edge["to"]} [label="{edge["mover"]}", style={style}];'
        )
    lines.append("}")
    return "\n".join(lines) + "\n"
