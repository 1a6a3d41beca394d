"""Checks that relate the fields of a scenario to each other.

Pydantic validates each field on its own (:mod:`summitry.model.scenario`); the functions here find
what only the whole document shows: unknown actor or issue references, duplicate ids, reservations
on the wrong side of an ideal, saliences that cannot be normalised, citations to sentences that do
not exist. They return :class:`Violation` records with a field path; :mod:`summitry.io` turns the
path into a file, line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from summitry.model.citations import CITE_PATTERN
from summitry.model.gmcr import GmcrSpecError, block_to_conflict
from summitry.model.inputs import walk
from summitry.model.scenario import Scenario
from summitry.model.uncertain import NormalSpec, point, support
from summitry.model.violation import Loc, Violation

__all__ = ["Violation", "check_scenario", "walk_cites"]

_BARE_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_\-]*$")


def _range(value: Any) -> tuple[float, float]:
    """Values a range check looks at: the support, or the mean of a normal (as field checks do)."""
    if isinstance(value, NormalSpec):
        return point(value), point(value)
    return support(value)


def _known(kind: str, names: Mapping[str, Any]) -> str:
    listed = ", ".join(sorted(names)) or "none declared"
    return f"a declared {kind} ({listed})"


def _ids(s: Scenario) -> Iterator[Violation]:
    seen: dict[str, str] = {}
    for section in ("actors", "issues", "side_issues", "mediators"):
        for key in getattr(s, section):
            if key in seen:
                yield Violation(
                    (section, key),
                    f"duplicate id: {key!r} is already used in {seen[key]}",
                    key,
                    "ids unique across actors, issues, side_issues, mediators and ratifiers",
                    "rename one of them",
                    at_key=True,
                )
            seen.setdefault(key, section)
    for key in s.veto.ratifiers:
        if key in seen:
            yield Violation(
                ("veto", "ratifiers", key),
                f"duplicate id: {key!r} is already used in {seen[key]}",
                key,
                "ids unique across actors, issues, side_issues, mediators and ratifiers",
                "rename one of them",
                at_key=True,
            )
        seen.setdefault(key, "veto.ratifiers")


def _issues(s: Scenario) -> Iterator[Violation]:
    if s.horizon <= s.as_of:
        yield Violation(
            ("horizon",),
            f"horizon {s.horizon} is not after as_of {s.as_of}",
            str(s.horizon),
            "a date after as_of",
            "set horizon to the end of the forecast window",
        )
    for iid, issue in s.issues.items():
        for anchor in issue.anchors:
            if not 0 <= anchor <= 100:
                yield Violation(
                    ("issues", iid, "anchors", anchor),
                    "anchor is off the 0-100 scale",
                    anchor,
                    "anchor keys from 0 to 100",
                    "rescale the anchor to 0-100",
                    at_key=True,
                )
        if issue.observed is not None:
            lo, hi = _range(issue.observed.value)
            if lo < 0 or hi > 100:
                yield Violation(
                    ("issues", iid, "observed"),
                    "observed outcome is off the 0-100 scale",
                    point(issue.observed.value),
                    "a value in [0, 100]",
                    "give the real outcome on the issue's 0-100 scale",
                )
        if issue.discrete and len(issue.anchors) < 2:
            yield Violation(
                ("issues", iid, "discrete"),
                "a discrete issue needs at least two anchors to choose from",
                len(issue.anchors),
                "two or more anchors",
                "list the indivisible options as anchors, or set discrete: false",
            )


def _positions(s: Scenario) -> Iterator[Violation]:
    for aid, by_issue in s.positions.items():
        if aid not in s.actors:
            yield Violation(
                ("positions", aid),
                "unknown actor",
                aid,
                _known("actor", s.actors),
                "declare the actor under actors: or correct the id",
                at_key=True,
            )
            continue
        total = 0.0
        for iid, pos in by_issue.items():
            loc: Loc = ("positions", aid, iid)
            if iid not in s.issues:
                yield Violation(
                    loc,
                    "unknown issue",
                    iid,
                    _known("issue", s.issues),
                    "declare the issue under issues: or correct the id",
                    at_key=True,
                )
                continue
            total += point(pos.salience)
            yield from _position_sides(loc, pos.ideal, pos.reservation, pos.acceptable, pos.hard)
        if by_issue and total <= 0:
            yield Violation(
                ("positions", aid),
                "saliences cannot be normalised: they sum to 0",
                total,
                "at least one positive salience per actor",
                "give the issues that matter to this actor a salience above 0",
                at_key=True,
            )
    for aid in s.veto.signatories:
        if aid in s.actors and not s.positions.get(aid):
            yield Violation(
                ("veto", "signatories"),
                f"signatory {aid!r} has no positions",
                aid,
                "a positions entry for every signatory",
                f"add positions: {aid}: with its ideal points and saliences",
            )


def _position_sides(
    loc: Loc, ideal_raw: Any, reservation: Any, acceptable: Any, hard: bool
) -> Iterator[Violation]:
    ideal = point(ideal_raw)
    if reservation is not None and acceptable is not None:
        yield Violation(
            (*loc, "acceptable"),
            "both reservation and acceptable are given",
            None,
            "one of reservation or acceptable",
            "keep reservation (one side) or acceptable (both sides), not both",
            at_key=True,
        )
        return
    if hard and reservation is None and acceptable is None:
        yield Violation(
            (*loc, "hard"),
            "a hard red line needs a reservation or an acceptable interval",
            True,
            "reservation: X or acceptable: [lo, hi] beside hard: true",
            "state where the red line lies, or drop hard: true",
        )
    if reservation is not None:
        r_lo, r_hi = support(reservation)
        if ideal == 50:
            yield Violation(
                (*loc, "reservation"),
                "the ideal is the midpoint 50, so the side of the reservation is ambiguous",
                point(reservation),
                "acceptable: [lo, hi] for an actor whose ideal is 50",
                "replace reservation by acceptable: [lo, hi]",
            )
        elif ideal > 50 and r_hi > ideal:
            yield Violation(
                (*loc, "reservation"),
                f"reservation is on the wrong side of the ideal {ideal:g}: the actor would "
                "refuse its own ideal",
                point(reservation) if r_lo == r_hi else [r_lo, r_hi],
                f"a reservation <= {ideal:g} (concessions run from the ideal towards 0)",
                "give the furthest value towards 0 the actor accepts",
            )
        elif ideal < 50 and r_lo < ideal:
            yield Violation(
                (*loc, "reservation"),
                f"reservation is on the wrong side of the ideal {ideal:g}: the actor would "
                "refuse its own ideal",
                point(reservation) if r_lo == r_hi else [r_lo, r_hi],
                f"a reservation >= {ideal:g} (concessions run from the ideal towards 100)",
                "give the furthest value towards 100 the actor accepts",
            )
    if acceptable is not None:
        lo, hi = point(acceptable[0]), point(acceptable[1])
        if lo > hi:
            yield Violation(
                (*loc, "acceptable"),
                "acceptable interval has lo > hi",
                [lo, hi],
                "[lo, hi] with lo <= hi",
                f"write acceptable: [{hi:g}, {lo:g}]",
            )
        elif not lo <= ideal <= hi:
            yield Violation(
                (*loc, "acceptable"),
                f"acceptable interval does not contain the ideal {ideal:g}",
                [lo, hi],
                "an interval around the ideal",
                "widen the interval to include the ideal or move the ideal",
            )


def _refs(s: Scenario) -> Iterator[Violation]:
    dis = s.disagreement
    for iid, num in dis.outcome.items():
        if iid not in s.issues:
            yield Violation(
                ("disagreement", "outcome", iid),
                "unknown issue",
                iid,
                _known("issue", s.issues),
                "use an issue id declared under issues:",
                at_key=True,
            )
        lo, hi = _range(num.value)
        if lo < 0 or hi > 100:
            yield Violation(
                ("disagreement", "outcome", iid),
                "disagreement outcome is off the 0-100 scale",
                point(num.value),
                "a value in [0, 100]",
                "give the expected issue value if talks fail on the issue's scale",
            )
    yield from _actor_numbers(s, ("disagreement", "cost"), dis.cost, 0.0, None, "cost of conflict")
    com = s.commitment
    yield from _actor_numbers(
        s, ("commitment", "compliance"), com.compliance, 0.0, 1.0, "probability"
    )
    yield from _actor_numbers(s, ("commitment", "exposure"), com.exposure, 0.0, None, "exposure")
    for row, cols in com.trust.items():
        for aid, loc in [(row, ("commitment", "trust", row))] + [
            (c, ("commitment", "trust", row, c)) for c in cols
        ]:
            if aid not in s.actors:
                yield Violation(
                    loc,
                    "unknown actor",
                    aid,
                    _known("actor", s.actors),
                    "use actor ids declared under actors:",
                    at_key=True,
                )
    yield from _veto(s)
    for sid, side in s.side_issues.items():
        for k, party in enumerate(side.parties):
            if party not in s.actors:
                yield Violation(
                    ("side_issues", sid, "parties", k),
                    "unknown actor",
                    party,
                    _known("actor", s.actors),
                    "list actor ids declared under actors:",
                )
        for party in side.value:
            if party not in side.parties:
                yield Violation(
                    ("side_issues", sid, "value", party),
                    "value given for an actor that is not a party",
                    party,
                    f"one of the parties ({', '.join(side.parties)})",
                    "add the actor to parties or remove its value",
                    at_key=True,
                )
        missing = [p for p in side.parties if p not in side.value]
        if missing:
            yield Violation(
                ("side_issues", sid, "value"),
                f"no value for part{'ies' if len(missing) > 1 else 'y'} {', '.join(missing)}",
                None,
                "a value for every party",
                "give each party's utility gain from the deal",
            )


def _actor_numbers(
    s: Scenario, loc: Loc, numbers: Mapping[str, Any], lo: float, hi: float | None, what: str
) -> Iterator[Violation]:
    for aid, num in numbers.items():
        if aid not in s.actors:
            yield Violation(
                (*loc, aid),
                "unknown actor",
                aid,
                _known("actor", s.actors),
                "use an actor id declared under actors:",
                at_key=True,
            )
        vlo, vhi = _range(num.value)
        if vlo < lo or (hi is not None and vhi > hi):
            rng = f"in [{lo:g}, {hi:g}]" if hi is not None else f">= {lo:g}"
            yield Violation(
                (*loc, aid),
                f"{what} out of range",
                point(num.value) if vlo == vhi else [vlo, vhi],
                f"a {what} {rng}",
                f"give a {what} {rng}",
            )


def _veto(s: Scenario) -> Iterator[Violation]:
    seen: set[str] = set()
    for k, aid in enumerate(s.veto.signatories):
        if aid not in s.actors:
            yield Violation(
                ("veto", "signatories", k),
                "veto player refers to an unknown actor",
                aid,
                _known("actor", s.actors),
                "list actor ids declared under actors:",
            )
        elif aid in seen:
            yield Violation(
                ("veto", "signatories", k),
                "signatory listed twice",
                aid,
                "each signatory once",
                "remove the repeated entry",
            )
        seen.add(aid)
    if not s.veto.signatories:
        yield Violation(
            ("veto", "signatories"),
            "no signatories",
            [],
            "at least one actor who must sign",
            "list the actors whose signature an agreement needs",
        )
    for rid, rat in s.veto.ratifiers.items():
        if rat.actor not in s.veto.signatories:
            yield Violation(
                ("veto", "ratifiers", rid, "actor"),
                "veto player refers to nothing: its actor is not a signatory",
                rat.actor,
                f"a signatory ({', '.join(s.veto.signatories)})",
                "attach the ratifier to a signatory or add that actor to signatories",
            )
        for iid, bound in rat.conditions.items():
            loc: Loc = ("veto", "ratifiers", rid, "conditions", iid)
            if iid not in s.issues:
                yield Violation(
                    loc,
                    "unknown issue",
                    iid,
                    _known("issue", s.issues),
                    "use an issue id declared under issues:",
                    at_key=True,
                )
            if bound.min is None and bound.max is None:
                yield Violation(
                    loc,
                    "condition has neither min nor max",
                    None,
                    "min: X and/or max: Y",
                    "state the bound the ratifier insists on",
                )
            elif (
                bound.min is not None
                and bound.max is not None
                and point(bound.min) > point(bound.max)
            ):
                yield Violation(
                    loc,
                    "condition has min > max",
                    [point(bound.min), point(bound.max)],
                    "min <= max",
                    "swap min and max",
                )


def _gmcr(s: Scenario) -> Iterator[Violation]:
    """Cross-field problems of the ``gmcr:`` block (unknown options, bad conditions, ...)."""
    if s.gmcr is None:
        return
    try:
        block_to_conflict(s.gmcr)
    except GmcrSpecError as exc:
        yield from exc.violations


def walk_cites(scenario: Scenario) -> Iterator[tuple[Loc, str]]:
    """Every citation of ``scenario`` with its field path (``...cite`` or ``...cite.k``)."""
    for loc, value in walk(scenario):
        if loc and loc[-1] == "cite" and isinstance(value, tuple):
            for k, cite in enumerate(value):
                yield ((*loc, k) if len(value) > 1 else loc), cite


def _cites(s: Scenario, sentences: Mapping[str, Mapping[str, str]]) -> Iterator[Violation]:
    for loc, cite in walk_cites(s):
        m = CITE_PATTERN.match(cite)
        if m:
            key, sid = m["key"], m["sid"]
            if key not in s.sources or s.sources[key].file is None:
                yield Violation(
                    loc,
                    f"citation to a sentence of {key!r}, which is not a source with a file",
                    cite,
                    "a key under sources: that has file:",
                    f"declare sources: {key}: {{title: ..., file: path/to/text.txt}}",
                )
            elif key in sentences and sid not in sentences[key]:
                last = max((int(k[1:].split(".")[0]) for k in sentences[key]), default=0)
                yield Violation(
                    loc,
                    f"cites a sentence that does not exist in source {key!r}",
                    cite,
                    f"an existing sentence id of {s.sources[key].file} (lines 1-{last})",
                    "check the line and sentence number (sentences split at . ! ? + capital)",
                )
        elif _BARE_KEY.match(cite) and cite not in s.sources:
            yield Violation(
                loc,
                "citation to an unknown source key",
                cite,
                _known("source key", s.sources),
                "add the source under sources: or write the citation as free text",
            )


def _outcome_model(s: Scenario) -> Iterator[Violation]:
    om = s.outcome_model
    if om is None:
        return
    for iid in om.ceasefire.terms:
        if iid not in s.issues:
            yield Violation(
                ("outcome_model", "ceasefire", "terms", iid),
                "unknown issue",
                iid,
                _known("issue", s.issues),
                "use an issue id declared under issues:",
                at_key=True,
            )
    for name in ("pr_bonus", "talk_cost"):
        for aid in getattr(om.talks, name):
            if aid not in s.actors:
                yield Violation(
                    ("outcome_model", "talks", name, aid),
                    "unknown actor",
                    aid,
                    _known("actor", s.actors),
                    "use an actor id declared under actors:",
                    at_key=True,
                )


_PSD_TOL = 1e-10
"""Eigenvalues down to ``-_PSD_TOL`` count as 0 (rounding of a semi-definite matrix)."""


def nearest_correlation(matrix: Any, *, iterations: int = 200) -> Any:
    """Nearest correlation matrix in the Frobenius norm (Higham 2002, alternating projections).

    Alternates the projection onto the positive semi-definite matrices (negative eigenvalues set
    to 0) and onto the matrices with unit diagonal, with Dykstra's correction. Used to suggest a
    fix for a correlation matrix that is not positive semi-definite.

    References
    ----------
    Higham, N. J. (2002). Computing the nearest correlation matrix -- a problem from finance.
    *IMA Journal of Numerical Analysis* 22(3), 329-343. doi:10.1093/imanum/22.3.329
    """
    import numpy as np

    y = np.array(matrix, dtype=float)
    y = (y + y.T) / 2.0
    ds = np.zeros_like(y)
    for _ in range(iterations):
        r = y - ds
        w, v = np.linalg.eigh(r)
        x = (v * np.maximum(w, 0.0)) @ v.T
        ds = x - r
        y = x.copy()
        np.fill_diagonal(y, 1.0)
    return y


def _psd_fix(matrix: Any) -> str:
    """A suggestion for a non-PSD matrix: the nearest correlation matrix, rounded, still PSD."""
    import numpy as np

    near = nearest_correlation(matrix)
    near = (near + near.T) / 2.0
    n = near.shape[0]
    for shrink in (1.0, 0.99, 0.98, 0.95, 0.9):
        cand = np.round(near * shrink, 2)
        np.fill_diagonal(cand, 1.0)
        if np.linalg.eigvalsh(cand).min() >= -_PSD_TOL:
            break
    if n <= 4:
        rows = ", ".join("[" + ", ".join(f"{v:g}" for v in row) + "]" for row in cand)
        return f"use the nearest correlation matrix (Higham 2002), e.g. [{rows}]"
    old = np.array(matrix, dtype=float)
    i, j = np.unravel_index(np.argmax(np.abs(np.triu(cand - old, 1))), cand.shape)
    return (
        "use the nearest correlation matrix (Higham 2002): e.g. change "
        f"matrix[{i}][{j}] from {old[i, j]:g} to {cand[i, j]:g}, and the entries that "
        "make it inconsistent"
    )


def _correlations(s: Scenario) -> Iterator[Violation]:
    """The ``correlations:`` block: known inputs; a square, symmetric, unit-diagonal PSD matrix."""
    import difflib

    import numpy as np

    from summitry.model.inputs import uncertain_inputs

    c = s.correlations
    if c is None:
        return
    if not c.inputs:
        yield Violation(
            ("correlations", "inputs"),
            "no inputs to correlate",
            [],
            "two or more uncertain inputs",
            "list the inputs to correlate, or remove the correlations block",
        )
        return
    known = [".".join(str(x) for x in p) for p, _ in uncertain_inputs(s)]
    seen: set[str] = set()
    for k, name in enumerate(c.inputs):
        loc: Loc = ("correlations", "inputs", k)
        if name in seen:
            yield Violation(
                loc, "input listed twice", name, "each input once", "remove the repeated path"
            )
        elif name not in known:
            longer = [k for k in known if k.startswith(name + ".")]
            close = longer or difflib.get_close_matches(name, known, n=1, cutoff=0.8)
            hint = (
                f"did you mean {close[0]}?"
                if close
                else (
                    "list the uncertain inputs with summitry simulate FILE --format json (inputs)"
                )
            )
            yield Violation(
                loc,
                "not an uncertain input of this scenario",
                name,
                "the dotted path of a number given as a range, triangular, normal or beta spec",
                hint,
            )
        seen.add(name)
    n, m = len(c.inputs), c.matrix
    if len(m) != n or any(len(row) != n for row in m):
        lengths = ", ".join(str(len(r)) for r in m) or "none"
        yield Violation(
            ("correlations", "matrix"),
            f"matrix has {len(m)} row(s) of length(s) {lengths} for {n} inputs",
            None,
            f"a square matrix with one row and one column per input ({n} x {n})",
            "give one row per input, each with one entry per input, in inputs order",
        )
        return
    bad = False
    for i in range(n):
        for j in range(n):
            v, loc = m[i][j], ("correlations", "matrix", i, j)
            if i == j and v != 1:
                bad = True
                yield Violation(
                    loc,
                    f"diagonal entry matrix[{i}][{i}] is not 1",
                    v,
                    "1 on the diagonal (an input is perfectly correlated with itself)",
                    "write 1",
                )
            elif not -1 <= v <= 1:
                bad = True
                yield Violation(
                    loc,
                    f"correlation matrix[{i}][{j}] is outside [-1, 1]",
                    v,
                    "a correlation in [-1, 1]",
                    "give a correlation between -1 and 1",
                )
            elif j > i and v != m[j][i]:
                bad = True
                yield Violation(
                    loc,
                    f"matrix is not symmetric: matrix[{i}][{j}] = {v:g} but "
                    f"matrix[{j}][{i}] = {m[j][i]:g}",
                    v,
                    "matrix[i][j] == matrix[j][i]",
                    f"write the same correlation in both places (e.g. {v:g})",
                )
    if bad:
        return
    smallest = float(np.linalg.eigvalsh(np.array(m, dtype=float)).min())
    if smallest < -_PSD_TOL:
        yield Violation(
            ("correlations", "matrix"),
            "correlation matrix is not positive semi-definite: its smallest eigenvalue is "
            f"{smallest:.4g}, so no joint distribution has these correlations",
            [list(row) for row in m],
            "a positive semi-definite matrix (every eigenvalue >= 0)",
            _psd_fix(m),
        )


def check_scenario(
    scenario: Scenario, sentences: Mapping[str, Mapping[str, str]] | None = None
) -> list[Violation]:
    """Return every cross-field problem of ``scenario`` (empty when it is consistent).

    Parameters
    ----------
    scenario
        A scenario that passed field validation.
    sentences
        For each source key with a ``file``, its sentence index
        (:func:`summitry.model.citations.sentence_index`); sentence citations to keys missing here
        are not checked.
    """
    sentences = sentences or {}
    found: list[Violation] = []
    for check in (_ids, _issues, _positions, _refs, _gmcr, _outcome_model, _correlations):
        found.extend(check(scenario))
    found.extend(_cites(scenario, sentences))
    return found
