"""Read and write gmcr-py ``.gmcr`` save files with gmcr-py's state numbering.

A ``.gmcr`` file is one JSON object (``gmcr.md`` section 1): ``options`` (``name``,
``permittedDirection``), ``decisionMakers`` (``name``, ``options``, ``preferences``,
``preferenceRanking`` or the older ``preferenceVector``, optional ``misperceptions``),
``infeasibles`` (simple conditions), ``useManualPreferenceRanking`` (older:
``useManualPreferenceVectors``) and optional ``coalitions``. A literal is ``[option, "Y"|"N"]``, a
simple condition a list of literals (AND), a compound condition ``{"compound": true, "members":
[...]}`` (OR of simple conditions).

On import the options are re-ordered as gmcr-py does (DM by DM, each DM's listed order) and every
index in conditions is remapped, so state numbers equal gmcr-py's. Manual rankings refer to state
numbers and become tie-group conditions. Every malformed part of a file is reported as a located
:class:`~summitry.errors.Problem` (file:line:col, field path, value, expected, fix).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np

from summitry.engines.gmcr.states import Compiled, compile_conflict
from summitry.errors import InputError, Problem
from summitry.io.yamlfile import Document, read_text
from summitry.model.gmcr import (
    And,
    Conflict,
    DecisionMaker,
    Direction,
    Expr,
    Lit,
    Option,
    Or,
    canonical_order,
    format_expr,
    remap_expr,
    to_dnf,
)

__all__ = ["conflict_to_block", "conflict_to_gmcr", "load_gmcr", "parse_gmcr", "save_gmcr"]

GMCR_PY_VERSION = "0.4.1"


def _locator(text: str, name: str) -> Document:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        data = YAML(typ="rt").load(text)
    except YAMLError:
        data = None
    return Document(name, data)


class _Reader:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[Problem] = []

    def fail(
        self, loc: tuple[str | int, ...], message: str, value: Any, expected: str, fix: str
    ) -> None:
        self.problems.append(self.doc.problem(loc, message, value, expected, fix))

    def literal(self, raw: Any, loc: tuple[str | int, ...], n: int) -> Lit | None:
        if (
            not isinstance(raw, list)
            or len(raw) != 2
            or not isinstance(raw[0], int)
            or isinstance(raw[0], bool)
            or raw[1] not in ("Y", "N")
        ):
            self.fail(
                loc,
                "not a literal",
                raw,
                '[option index, "Y" or "N"]',
                'write each literal as [index, "Y"] or [index, "N"]',
            )
            return None
        if not 0 <= raw[0] < n:
            self.fail(
                loc,
                "option index out of range",
                raw[0],
                f"an index from 0 to {n - 1}",
                "refer to an option of the options list (0-based)",
            )
            return None
        return Lit(raw[0], raw[1] == "Y")

    def simple(self, raw: Any, loc: tuple[str | int, ...], n: int) -> Expr | None:
        if not isinstance(raw, list):
            self.fail(
                loc,
                "not a condition",
                raw,
                'a list of literals [[index, "Y"], ...]',
                "write the condition as a list of literals",
            )
            return None
        lits = [self.literal(x, (*loc, j), n) for j, x in enumerate(raw)]
        if any(x is None for x in lits):
            return None
        return And(tuple(x for x in lits if x is not None))

    def statement(self, raw: Any, loc: tuple[str | int, ...], n: int) -> Expr | None:
        if isinstance(raw, dict):
            members = raw.get("members")
            if raw.get("compound") is not True or not isinstance(members, list):
                self.fail(
                    loc,
                    "not a compound condition",
                    raw,
                    '{"compound": true, "members": [condition, ...]}',
                    "give compound: true and a list of member conditions",
                )
                return None
            items = [self.simple(m, (*loc, "members", j), n) for j, m in enumerate(members)]
            if any(x is None for x in items):
                return None
            return Or(tuple(x for x in items if x is not None))
        return self.simple(raw, loc, n)


def parse_gmcr(text: str, name: str) -> Conflict:
    """Parse the text of a ``.gmcr`` file into a :class:`Conflict` (raises :class:`InputError`)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            [
                Problem(
                    file=name,
                    line=exc.lineno,
                    col=exc.colno,
                    path="",
                    message=f"not valid JSON: {exc.msg}",
                    value=None,
                    expected="a gmcr-py save file (one JSON object)",
                    fix="check brackets, commas and quotes near this position",
                )
            ]
        ) from None
    doc = _locator(text, name)
    r = _Reader(doc)
    if not isinstance(data, dict):
        r.fail(
            (),
            "top level is not an object",
            data,
            "a JSON object {...}",
            "give a gmcr-py save file",
        )
        raise InputError(r.problems)
    for key in ("options", "decisionMakers", "infeasibles"):
        if key not in data:
            r.fail(
                (),
                f"required key {key!r} is missing",
                None,
                f"a {key!r} entry",
                f'add "{key}": [...] (gmcr-py writes it in every save file)',
            )
        elif not isinstance(data[key], list):
            r.fail(
                (key,), f"{key!r} is not a list", data[key], "a JSON list", f"write {key} as a list"
            )
    manual_key = next(
        (k for k in ("useManualPreferenceRanking", "useManualPreferenceVectors") if k in data), None
    )
    if manual_key is None:
        r.fail(
            (),
            "required key 'useManualPreferenceRanking' is missing",
            None,
            "useManualPreferenceRanking: true or false",
            'add "useManualPreferenceRanking": false (option prioritisation) or true',
        )
    elif not isinstance(data[manual_key], bool):
        r.fail(
            (manual_key,),
            "not true or false",
            data[manual_key],
            "true or false",
            "write true or false",
        )
    if r.problems:
        raise InputError(r.problems)
    raw_opts: list[Any] = data["options"]
    n = len(raw_opts)
    directions: list[Direction] = []
    opt_names: list[str] = []
    for i, o in enumerate(raw_opts):
        if not isinstance(o, dict) or not isinstance(o.get("name"), str):
            r.fail(
                ("options", i),
                "not an option",
                o,
                '{"name": "...", "permittedDirection": "both"}',
                "give name and direction",
            )
            directions.append(Direction.BOTH)
            opt_names.append(f"option{i}")
            continue
        d = o.get("permittedDirection", "both")
        if d not in ("both", "fwd", "back"):
            r.fail(
                ("options", i, "permittedDirection"),
                "unknown direction",
                d,
                "both, fwd or back",
                "use one of both, fwd, back",
            )
            d = "both"
        directions.append(Direction(d))
        opt_names.append(o["name"])
    raw_dms: list[Any] = data["decisionMakers"]
    if not raw_dms:
        r.fail(
            ("decisionMakers",),
            "no decision makers",
            raw_dms,
            "at least one",
            "add the decision makers",
        )
    owner: dict[int, int] = {}
    dm_opts: list[list[int]] = []
    for k, dm in enumerate(raw_dms):
        if not isinstance(dm, dict) or not isinstance(dm.get("name"), str):
            r.fail(
                ("decisionMakers", k),
                "not a decision maker",
                dm,
                '{"name": "...", "options": [...], "preferences": [...]}',
                "give at least name, options and preferences",
            )
            dm_opts.append([])
            continue
        opts = dm.get("options")
        if not isinstance(opts, list) or not all(
            isinstance(x, int) and not isinstance(x, bool) for x in opts
        ):
            r.fail(
                ("decisionMakers", k, "options"),
                "not a list of option indices",
                opts,
                "a list of 0-based option indices",
                "list the DM's option indices",
            )
            dm_opts.append([])
            continue
        mine: list[int] = []
        for j, o in enumerate(opts):
            if not 0 <= o < n:
                r.fail(
                    ("decisionMakers", k, "options", j),
                    "option index out of range",
                    o,
                    f"an index from 0 to {n - 1}",
                    "refer to an option of the options list",
                )
            elif o in owner:
                r.fail(
                    ("decisionMakers", k, "options", j),
                    f"option already controlled by DM {owner[o]}",
                    o,
                    "each option controlled by one DM",
                    "remove it from one of the DMs",
                )
            else:
                owner[o] = k
                mine.append(o)
        dm_opts.append(mine)
    for i in range(n):
        if i not in owner and not r.problems:
            r.fail(
                ("options", i),
                "option is controlled by no decision maker",
                opt_names[i],
                "every option in some DM's options list",
                "add its index to the options of the DM who controls it",
            )
    if r.problems:
        raise InputError(r.problems)
    order = canonical_order(dm_opts)
    new_of = {old: new for new, old in enumerate(order)}
    options = tuple(
        Option(name=opt_names[old], dm=owner[old], direction=directions[old]) for old in order
    )
    infeasible: list[Expr] = []
    for j, cond in enumerate(data["infeasibles"]):
        e = r.simple(cond, ("infeasibles", j), n)
        if e is not None:
            infeasible.append(remap_expr(e, new_of))
    manual = bool(data[manual_key])
    statements: list[list[Expr]] = []
    mis: list[list[Expr]] = []
    for k, dm in enumerate(raw_dms):
        prefs = dm.get("preferences", [])
        items: list[Expr] = []
        if not isinstance(prefs, list):
            r.fail(
                ("decisionMakers", k, "preferences"),
                "not a list",
                prefs,
                "a list of conditions",
                "write preferences as a list",
            )
        else:
            for j, p in enumerate(prefs):
                e = r.statement(p, ("decisionMakers", k, "preferences", j), n)
                if e is not None:
                    items.append(remap_expr(e, new_of))
        statements.append(items)
        mitems: list[Expr] = []
        for j, m in enumerate(dm.get("misperceptions", []) or []):
            e = r.simple(m, ("decisionMakers", k, "misperceptions", j), n)
            if e is not None:
                mitems.append(remap_expr(e, new_of))
        mis.append(mitems)
    coalitions = _coalitions(r, data, len(raw_dms))
    if r.problems:
        raise InputError(r.problems)
    dm_new_opts = []
    pos = 0
    for opts in dm_opts:
        dm_new_opts.append(tuple(range(pos, pos + len(opts))))
        pos += len(opts)
    title = Path(name).stem
    base = Conflict(
        name=title,
        options=options,
        decision_makers=tuple(
            DecisionMaker(
                name=dm["name"],
                options=dm_new_opts[k],
                statements=tuple(statements[k]),
                misperceived=tuple(mis[k]),
            )
            for k, dm in enumerate(raw_dms)
        ),
        infeasible=tuple(infeasible),
        coalitions=coalitions,
        citation=f"gmcr-py save file {name}",
    )
    if not manual:
        return base
    codes = compile_conflict(base).codes
    rankings: list[tuple[Expr, ...]] = []
    for k, dm in enumerate(raw_dms):
        rkey = next((x for x in ("preferenceRanking", "preferenceVector") if x in dm), None)
        loc: tuple[str | int, ...] = ("decisionMakers", k, rkey or "preferenceRanking")
        if rkey is None:
            r.fail(
                ("decisionMakers", k),
                "manual ranking is missing",
                None,
                "a preferenceRanking list (useManualPreferenceRanking is true)",
                "add preferenceRanking, or set useManualPreferenceRanking to false",
            )
            rankings.append(())
            continue
        rankings.append(_ranking(r, dm[rkey], loc, codes, base.n_options))
    if r.problems:
        raise InputError(r.problems)
    return Conflict(
        name=base.name,
        options=base.options,
        decision_makers=tuple(
            DecisionMaker(
                name=d.name, options=d.options, ranking=rankings[k], misperceived=d.misperceived
            )
            for k, d in enumerate(base.decision_makers)
        ),
        infeasible=base.infeasible,
        coalitions=base.coalitions,
        citation=base.citation,
    )


def _state_expr(code: int, n: int) -> Expr:
    return And(tuple(Lit(i, bool((code >> i) & 1)) for i in range(n)))


def _ranking(
    r: _Reader, raw: Any, loc: tuple[str | int, ...], codes: np.ndarray[Any, Any], n: int
) -> tuple[Expr, ...]:
    size = int(codes.shape[0])
    if not isinstance(raw, list):
        r.fail(
            loc,
            "not a list",
            raw,
            "a list of state numbers or tie groups",
            "write the ranking as a list, most preferred first",
        )
        return ()
    seen: dict[int, int] = {}
    groups: list[Expr] = []
    for j, item in enumerate(raw):
        members = item if isinstance(item, list) else [item]
        exprs: list[Expr] = []
        for m in members:
            if not isinstance(m, int) or isinstance(m, bool) or not 1 <= m <= size:
                r.fail(
                    (*loc, j),
                    "not a feasible state number",
                    m,
                    f"a state number from 1 to {size}",
                    "use gmcr-py state numbers (1 = lowest feasible decimal code)",
                )
                continue
            if m in seen:
                r.fail(
                    (*loc, j),
                    f"state {m} is ranked twice",
                    m,
                    "each state exactly once",
                    "remove the repeated state",
                )
                continue
            seen[m] = j
            exprs.append(_state_expr(int(codes[m - 1]), n))
        groups.append(Or(tuple(exprs)))
    missing = [s for s in range(1, size + 1) if s not in seen]
    if missing:
        r.fail(
            loc,
            "ranking leaves states out",
            missing,
            f"every state 1..{size} exactly once",
            "add the missing states (as a tie group if they are equally preferred)",
        )
    return tuple(groups)


def _coalitions(r: _Reader, data: dict[str, Any], n_dms: int) -> tuple[tuple[int, ...], ...] | None:
    raw = data.get("coalitions")
    if raw is None:
        return None
    if not isinstance(raw, list):
        r.fail(
            ("coalitions",),
            "not a list",
            raw,
            "a list of DM indices or lists of them",
            "write e.g. [0, [1, 2]]",
        )
        return None
    parts: list[tuple[int, ...]] = []
    seen: set[int] = set()
    for j, item in enumerate(raw):
        members = item if isinstance(item, list) else [item]
        part: list[int] = []
        for m in members:
            if not isinstance(m, int) or isinstance(m, bool) or not 0 <= m < n_dms:
                r.fail(
                    ("coalitions", j),
                    "not a DM index",
                    m,
                    f"an index from 0 to {n_dms - 1}",
                    "refer to DMs by 0-based position",
                )
            elif m in seen:
                r.fail(
                    ("coalitions", j),
                    "DM listed in two coalitions",
                    m,
                    "each DM in exactly one coalition",
                    "remove the repeated DM",
                )
            else:
                seen.add(m)
                part.append(m)
        if part:
            parts.append(tuple(sorted(part)))
    if len(seen) != n_dms and not r.problems:
        # gmcr-py resets to singletons when the entries do not cover every DM (gmcr.md 1.1)
        return None
    if all(len(p) == 1 for p in parts):
        return None
    return tuple(sorted(parts))


def load_gmcr(path: str | Path) -> Conflict:
    """Read a ``.gmcr`` file (raises :class:`InputError` with located problems)."""
    p = Path(path)
    return parse_gmcr(read_text(p, str(path)), str(path))


def _conditions(expr: Expr) -> list[list[list[Any]]]:
    return [[[lit.option, "Y" if lit.value else "N"] for lit in term] for term in to_dnf(expr)]


def conflict_to_gmcr(conflict: Conflict, compiled: Compiled | None = None) -> dict[str, Any]:
    """Return the gmcr-py save-file object of ``conflict``.

    Conditions are written as disjunctions of their minterms (exact, not minimal); a manual
    ranking is written as gmcr-py state numbers (``compiled`` gives the numbering; it is computed
    when omitted). Option prioritisation is kept when every DM uses it; otherwise every DM's
    ranking is written from its payoffs and ``useManualPreferenceRanking`` is true.
    """
    c = compiled if compiled is not None else compile_conflict(conflict)
    manual = any(dm.ranking is not None for dm in conflict.decision_makers)
    infeasibles: list[list[list[Any]]] = []
    for expr in conflict.infeasible:
        infeasibles.extend(_conditions(expr))
    dms: list[dict[str, Any]] = []
    for k, dm in enumerate(conflict.decision_makers):
        prefs: list[Any] = []
        for stm in dm.statements or ():
            terms = _conditions(stm)
            prefs.append(terms[0] if len(terms) == 1 else {"compound": True, "members": terms})
        entry: dict[str, Any] = {"name": dm.name, "options": list(dm.options), "preferences": prefs}
        if manual:
            pay = c.payoffs[k]
            ranking: list[Any] = []
            for value in sorted(set(pay.tolist()), reverse=True):
                states = (np.nonzero(pay == value)[0] + 1).tolist()
                ranking.append(states[0] if len(states) == 1 else states)
            entry["preferenceRanking"] = ranking
        if dm.misperceived:
            mis: list[list[list[Any]]] = []
            for expr in dm.misperceived:
                mis.extend(_conditions(expr))
            entry["misperceptions"] = mis
        dms.append(entry)
    coalitions: list[Any] = [
        list(part) if len(part) > 1 else part[0] for part in conflict.effective()
    ]
    return {
        "decisionMakers": dms,
        "coalitions": coalitions,
        "options": [
            {"name": o.name, "permittedDirection": o.direction.value} for o in conflict.options
        ],
        "infeasibles": infeasibles,
        "useManualPreferenceRanking": manual,
        "program": "gmcr-py",
        "version": GMCR_PY_VERSION,
    }


def save_gmcr(conflict: Conflict, path: str | Path) -> None:
    """Write ``conflict`` as a gmcr-py ``.gmcr`` file."""
    Path(path).write_text(json.dumps(conflict_to_gmcr(conflict), indent=1) + "\n", encoding="utf-8")


def _ident(name: str, taken: set[str], *, first: str) -> str:
    """A YAML-model identifier for a gmcr-py name ("Local Government" -> "Local_Government")."""
    base = re.sub(r"[^A-Za-z0-9_]+", "_", name).strip("_") or first
    if not re.match(r"[A-Za-z]", base):
        base = f"{first}{base}"
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}_{n}", n + 1
    taken.add(ident)
    return ident


def conflict_to_block(conflict: Conflict) -> dict[str, Any]:
    """The ``gmcr:`` block (plain data for YAML) that describes the same conflict.

    gmcr-py names become identifiers (spaces and symbols to ``_``, repeats numbered), with the
    original name kept as the option's ``label``; conditions and preference statements are written
    in the block's text syntax (:func:`summitry.model.gmcr.format_expr`). Loading the block gives
    the same states, numbering and stabilities (tested on the four gmcr-py examples).
    """
    dm_ids: list[str] = []
    taken: set[str] = set()
    for dm in conflict.decision_makers:
        dm_ids.append(_ident(dm.name, taken, first="DM"))
    opt_taken: set[str] = set()
    opt_ids = [_ident(o.name, opt_taken, first="O") for o in conflict.options]
    options: dict[str, dict[str, Any]] = {}
    for k, dm in enumerate(conflict.decision_makers):
        options[dm_ids[k]] = {}
        for o in dm.options:
            opt = conflict.options[o]
            spec: dict[str, Any] = {"label": opt.label or opt.name}
            if opt.direction is not Direction.BOTH:
                spec["direction"] = opt.direction.value
            options[dm_ids[k]][opt_ids[o]] = spec
    block: dict[str, Any] = {"title": conflict.name}
    if conflict.citation:
        block["citation"] = conflict.citation
    block["decision_makers"] = dm_ids
    block["options"] = options
    if conflict.infeasible:
        block["infeasible"] = [format_expr(e, opt_ids) for e in conflict.infeasible]
    misperceptions = {
        dm_ids[k]: [format_expr(e, opt_ids) for e in dm.misperceived]
        for k, dm in enumerate(conflict.decision_makers)
        if dm.misperceived
    }
    if misperceptions:
        block["misperceptions"] = misperceptions
    if conflict.coalitions is not None:
        block["coalitions"] = [[dm_ids[k] for k in group] for group in conflict.coalitions]
    if conflict.status_quo is not None:
        block["status_quo"] = {
            opt_ids[o]: (conflict.status_quo >> o) & 1 for o in range(len(conflict.options))
        }
    preferences: dict[str, Any] = {}
    for k, dm in enumerate(conflict.decision_makers):
        if dm.statements is not None:
            preferences[dm_ids[k]] = [format_expr(e, opt_ids) for e in dm.statements]
        else:
            preferences[dm_ids[k]] = {
                "ranking": [format_expr(e, opt_ids) for e in dm.ranking or ()]
            }
    block["preferences"] = preferences
    return block
