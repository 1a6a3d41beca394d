"""Decide (Stokman exchange model) actor/issue CSV: import to a scenario, export back.

The format (decide-exchange-model 2025.3.1, ``data/input/*.csv``): one row per line, the first
cell a tag; the delimiter is a tab (or ``,``/``;``), fields optionally quoted with ``'``.

=====  =======================================================  ==================================
tag    fields after the tag                                     meaning
=====  =======================================================  ==================================
``#A`` ``id``, ``fullname``, ``comment``                        an actor
``#P`` ``name``, ``description``, ``comment``                   an issue
``#M`` ``issue``, ``position``, ``description``                 a labelled scale point; the
                                                                issue's range is min..max of its
                                                                ``#M`` points (none: 0..100)
``#D`` ``actor``, ``issue``, ``position``, ``salience``,         an actor's datum on an issue
       ``power``, ``comment``
``#O`` text                                                     description of the data set
``#/`` text (also ``#0``)                                       comment
=====  =======================================================  ==================================

Extra trailing fields are joined into the last one. Checked (every problem reported with
file:line:column): unknown tags, missing or non-numeric fields, references to undeclared actors
or issues, duplicates, positions outside the issue's range, saliences outside [0, 100] (Decide's
own validator accepts 0--1 and 0--100), negative power, issues whose ``#M`` range is empty.

Import (:func:`decide_to_scenario`): positions are rescaled to 0--100 from the issue's range
(recorded in ``native_range`` when it is not 0--100; ``#M`` points become anchors); saliences are
kept as given; Decide's power is per actor--issue: the actor's capability is its power, and when
an actor's power differs between issues the per-issue values are kept in ``conventions`` under
``decide.power.<actor>.<issue>`` (the spatial workflow reads them). Decide has no status quo and
no dates: every issue's ``status_quo`` is set to 50 (documented in its ``note``; edit it before
using status-quo models such as the Nash bargaining solution), ``as_of`` defaults to the import
date and ``horizon`` to one year later, and every actor with data is a signatory (consensus).
Ids that are not valid scenario ids are made valid and the originals recorded in ``conventions``
(``decide.actor.<id>``, ``decide.issue.<id>``), so :func:`scenario_to_decide` writes the file back
with every value preserved.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summitry.errors import InputError, Problem, format_value
from summitry.io.yamlfile import read_text
from summitry.model.scenario import Scenario
from summitry.model.uncertain import point

__all__ = [
    "DecideActor",
    "DecideData",
    "DecideDatum",
    "DecideIssue",
    "decide_to_scenario",
    "format_decide",
    "parse_decide",
    "read_decide",
    "safe_id",
    "scenario_to_decide",
]

STATUS_QUO_PLACEHOLDER = 50.0
_ID_BAD = re.compile(r"[^A-Za-z0-9_.\-]+")


@dataclass(frozen=True, slots=True)
class DecideActor:
    """An ``#A`` row."""

    id: str
    fullname: str
    comment: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class DecideIssue:
    """A ``#P`` row with its ``#M`` scale points (native scale)."""

    name: str
    description: str
    comment: str = ""
    markers: tuple[tuple[float, str], ...] = ()
    line: int = 0

    @property
    def bounds(self) -> tuple[float, float]:
        """The issue's native range: min and max of its ``#M`` points, or (0, 100)."""
        if not self.markers:
            return 0.0, 100.0
        values = [m[0] for m in self.markers]
        return min(values), max(values)


@dataclass(frozen=True, slots=True)
class DecideDatum:
    """A ``#D`` row: an actor's position (native scale), salience and power on an issue."""

    actor: str
    issue: str
    position: float
    salience: float
    power: float
    comment: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class DecideData:
    """A parsed Decide file (rows in file order)."""

    actors: tuple[DecideActor, ...]
    issues: tuple[DecideIssue, ...]
    data: tuple[DecideDatum, ...]
    descriptions: tuple[str, ...] = ()
    name: str = "decide"

    def values(self) -> dict[str, Any]:
        """Every value of the file without line numbers (for round-trip comparison)."""
        return {
            "actors": [(a.id, a.fullname, a.comment) for a in self.actors],
            "issues": [(i.name, i.description, i.comment, sorted(i.markers)) for i in self.issues],
            "data": sorted(
                (d.actor, d.issue, d.position, d.salience, d.power, d.comment) for d in self.data
            ),
            "descriptions": list(self.descriptions),
        }


@dataclass
class _Row:
    line: int
    text: str
    fields: list[str]
    cols: list[int] = field(default_factory=list)


def _columns(text: str, fields: list[str], delimiter: str) -> list[int]:
    """1-based start column of each field in the raw line (best effort with quoting)."""
    cols: list[int] = []
    cursor = 0
    for value in fields:
        at = text.find(value, cursor) if value else -1
        if at < 0:
            at = cursor
        # step back over an opening quote
        if at > 0 and text[at - 1] in "'\"":
            at -= 1
        cols.append(at + 1)
        nxt = text.find(delimiter, at + max(len(value), 1) - 1)
        cursor = nxt + 1 if nxt >= 0 else len(text)
    return cols


def _dialect(text: str) -> tuple[str, str]:
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    if "\t" in first:
        delimiter = "\t"
    elif ";" in first and first.count(";") >= first.count(","):
        delimiter = ";"
    else:
        delimiter = ","
    quote = "'" if first.lstrip().startswith("'") else '"'
    return delimiter, quote


def _rows(text: str) -> tuple[list[_Row], str]:
    delimiter, quote = _dialect(text)
    rows: list[_Row] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        fields = next(csv.reader([raw], delimiter=delimiter, quotechar=quote))
        fields = [f.strip() for f in fields]
        rows.append(_Row(number, raw, fields, _columns(raw, fields, delimiter)))
    return rows, delimiter


class _Collector:
    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []

    def add(
        self,
        row: _Row,
        index: int,
        path: str,
        message: str,
        value: object,
        expected: str,
        fix: str,
    ) -> None:
        col = row.cols[index] if index < len(row.cols) else len(row.text) + 1
        self.problems.append(
            Problem(
                file=self.name,
                line=row.line,
                col=col,
                path=path,
                message=message,
                value=None if value is None else format_value(value),
                expected=expected,
                fix=fix,
            )
        )

    def number(self, row: _Row, index: int, path: str, what: str) -> float | None:
        if index >= len(row.fields) or row.fields[index] == "":
            self.add(
                row,
                index,
                path,
                f"missing {what}",
                None,
                f"a number for the {what}",
                f"add the {what} as field {index + 1} of the row",
            )
            return None
        raw = row.fields[index]
        try:
            value = float(raw)
        except ValueError:
            self.add(
                row,
                index,
                path,
                f"{what} is not a number",
                raw,
                "a number such as 0.5",
                f"write the {what} as a plain number (decimal point, no unit)",
            )
            return None
        if value != value or value in (float("inf"), float("-inf")):
            self.add(
                row,
                index,
                path,
                f"{what} is not finite",
                raw,
                "a finite number",
                f"write a finite {what}",
            )
            return None
        return value


def _rest(fields: list[str], start: int, delimiter: str) -> str:
    return delimiter.join(fields[start:]) if len(fields) > start else ""


_TAGS = {"#A", "#P", "#M", "#D", "#O", "#/", "#0"}


def parse_decide(text: str, name: str) -> DecideData:
    """Parse the text of a Decide CSV file; raise :class:`InputError` listing every problem."""
    rows, delimiter = _rows(text)
    bad = _Collector(name)
    actors: dict[str, DecideActor] = {}
    issue_rows: dict[str, tuple[_Row, str, str]] = {}
    markers: dict[str, list[tuple[float, str, _Row]]] = {}
    datum_rows: list[tuple[_Row, str, str, float, float, float, str]] = []
    descriptions: list[str] = []
    for row in rows:
        tag = row.fields[0]
        if tag not in _TAGS:
            bad.add(
                row,
                0,
                "",
                "unknown row type",
                tag,
                "one of #A #P #M #D #O #/",
                "start the row with a known tag, or #/ to make it a comment",
            )
            continue
        if tag in ("#/", "#0"):
            continue
        if tag == "#O":
            descriptions.append(_rest(row.fields, 1, delimiter))
            continue
        if len(row.fields) < 2 or not row.fields[1]:
            bad.add(
                row,
                1,
                tag,
                f"{tag} row without an id",
                None,
                "an id after the tag",
                "give the actor or issue id in the second field",
            )
            continue
        key = row.fields[1]
        if tag == "#A":
            if key in actors:
                bad.add(
                    row,
                    1,
                    f"A.{key}",
                    "actor declared twice",
                    key,
                    f"each actor once (first on line {actors[key].line})",
                    "remove the repeated #A row or rename the actor",
                )
                continue
            full = row.fields[2] if len(row.fields) > 2 and row.fields[2] else key
            actors[key] = DecideActor(key, full, _rest(row.fields, 3, delimiter), row.line)
        elif tag == "#P":
            if key in issue_rows:
                bad.add(
                    row,
                    1,
                    f"P.{key}",
                    "issue declared twice",
                    key,
                    f"each issue once (first on line {issue_rows[key][0].line})",
                    "remove the repeated #P row or rename the issue",
                )
                continue
            desc = row.fields[2] if len(row.fields) > 2 and row.fields[2] else key
            issue_rows[key] = (row, desc, _rest(row.fields, 3, delimiter))
        elif tag == "#M":
            value = bad.number(row, 2, f"M.{key}.position", "scale position")
            if value is not None:
                markers.setdefault(key, []).append((value, _rest(row.fields, 3, delimiter), row))
        else:  # "#D"
            issue = row.fields[2] if len(row.fields) > 2 else ""
            path = f"D.{key}.{issue}"
            if not issue:
                bad.add(
                    row,
                    2,
                    path,
                    "#D row without an issue",
                    None,
                    "an issue id in field 3",
                    "write: #D, actor, issue, position, salience, power",
                )
                continue
            pos = bad.number(row, 3, f"{path}.position", "position")
            sal = bad.number(row, 4, f"{path}.salience", "salience")
            pw = bad.number(row, 5, f"{path}.power", "power")
            if pos is None or sal is None or pw is None:
                continue
            datum_rows.append((row, key, issue, pos, sal, pw, _rest(row.fields, 6, delimiter)))
    issues: dict[str, DecideIssue] = {}
    for key, (row, desc, comment) in issue_rows.items():
        marks = tuple((v, d) for v, d, _ in markers.get(key, []))
        issues[key] = DecideIssue(key, desc, comment, marks, row.line)
        lo, hi = issues[key].bounds
        if marks and not lo < hi:
            mrow = markers[key][0][2]
            bad.add(
                mrow,
                2,
                f"M.{key}",
                "issue scale is empty: its #M points do not span a range",
                [v for v, _ in marks],
                "at least two #M points with different positions",
                "add #M rows for both ends of the scale, or none for 0-100",
            )
    for key, entries in markers.items():
        if key not in issue_rows:
            row = entries[0][2]
            bad.add(
                row,
                1,
                f"M.{key}",
                "scale point for an undeclared issue",
                key,
                "an issue declared by a #P row",
                "add a #P row for the issue or correct the issue id",
            )
    seen: dict[tuple[str, str], int] = {}
    data: list[DecideDatum] = []
    for row, actor, issue, pos, sal, pw, comment in datum_rows:
        path = f"D.{actor}.{issue}"
        ok = True
        if actor not in actors:
            bad.add(
                row,
                1,
                path,
                "unknown actor",
                actor,
                f"an actor declared by an #A row ({_listing(actors)})",
                "add an #A row for it or correct the spelling",
            )
            ok = False
        if issue not in issues:
            if issue not in issue_rows:
                bad.add(
                    row,
                    2,
                    path,
                    "unknown issue",
                    issue,
                    f"an issue declared by a #P row ({_listing(issue_rows)})",
                    "add a #P row for it or correct the spelling",
                )
            ok = False
        if (actor, issue) in seen:
            bad.add(
                row,
                1,
                path,
                "actor has two #D rows for the same issue",
                [actor, issue],
                f"one row per actor and issue (first on line {seen[(actor, issue)]})",
                "remove the repeated row",
            )
            ok = False
        seen.setdefault((actor, issue), row.line)
        if issue in issues:
            lo, hi = issues[issue].bounds
            if not lo <= pos <= hi:
                bad.add(
                    row,
                    3,
                    f"{path}.position",
                    "position is outside the issue's scale",
                    pos,
                    f"a position in [{lo:g}, {hi:g}] (the issue's #M range)",
                    "correct the position or widen the scale with #M rows",
                )
                ok = False
        if not 0 <= sal <= 100:
            bad.add(
                row,
                4,
                f"{path}.salience",
                "salience out of range",
                sal,
                "a salience in [0, 1] (or 0-100)",
                "give the salience as a share of 0-1",
            )
            ok = False
        if pw < 0:
            bad.add(
                row,
                5,
                f"{path}.power",
                "power is negative",
                pw,
                "a power >= 0",
                "give the actor's power on the issue as a non-negative number",
            )
            ok = False
        if ok:
            data.append(DecideDatum(actor, issue, pos, sal, pw, comment, row.line))
    if bad.problems:
        raise InputError(sorted(bad.problems, key=lambda p: (p.line, p.col)))
    if not actors or not issues:
        raise InputError(
            [
                Problem(
                    file=name,
                    line=1,
                    col=1,
                    path="",
                    message="no actors or no issues",
                    value=None,
                    expected="at least one #A and one #P row",
                    fix="check that this is a Decide actor/issue file",
                )
            ]
        )
    return DecideData(
        tuple(actors.values()),
        tuple(issues.values()),
        tuple(data),
        tuple(descriptions),
        Path(name).stem,
    )


def _listing(names: Mapping[str, object]) -> str:
    keys = list(names)
    shown = ", ".join(keys[:8])
    return shown + (", ..." if len(keys) > 8 else "") if keys else "none declared"


def read_decide(path: str | Path) -> DecideData:
    """Read and parse a Decide CSV file (see :func:`parse_decide`)."""
    p = Path(path)
    return parse_decide(read_text(p, str(path)), str(path))


# --------------------------------------------------------------------------- to scenario


def safe_id(raw: str, taken: set[str]) -> str:
    """Return a valid, unused scenario id for ``raw`` (letters, digits, ``_ . -``)."""
    base = _ID_BAD.sub("_", raw).strip("_") or "x"
    if not base[0].isalpha():
        base = "x" + base
    base = base[:60]
    candidate, k = base, 2
    while candidate in taken:
        candidate = f"{base}_{k}"
        k += 1
    taken.add(candidate)
    return candidate


def _to100(value: float, lo: float, hi: float) -> float:
    if lo == 0.0 and hi == 100.0:
        return float(value)
    return float((value - lo) / (hi - lo) * 100.0)


def _native(value: float, lo: float, hi: float) -> float:
    if lo == 0.0 and hi == 100.0:
        return float(value)
    return float(f"{lo + value * (hi - lo) / 100.0:.12g}")


def decide_to_scenario(
    data: DecideData,
    *,
    scenario_id: str | None = None,
    as_of: dt.date | None = None,
    horizon: dt.date | None = None,
    source_name: str | None = None,
) -> dict[str, Any]:
    """Convert parsed Decide data to a scenario document (a plain dict, validated).

    Parameters
    ----------
    data : DecideData
        The parsed file.
    scenario_id : str, optional
        Id of the scenario (default: the file name made a valid id).
    as_of, horizon : datetime.date, optional
        Information cut-off and end of the forecast window (defaults: today, UTC, and one year
        later; Decide files carry no dates).
    source_name : str, optional
        File name recorded in the description.

    Returns
    -------
    dict
        A scenario document that :class:`~summitry.model.scenario.Scenario` accepts.
    """
    as_of = as_of or dt.datetime.now(dt.UTC).date()
    if horizon is None:
        horizon = as_of + dt.timedelta(days=365)
    taken: set[str] = set()
    conventions: dict[str, str] = {
        "source_format": "Decide actor/issue CSV (decide-exchange-model 2025.3.1)",
        "salience": "as given in the Decide file (0-1, or 0-100)",
        "status_quo": f"not in Decide data; set to {STATUS_QUO_PLACEHOLDER:g} by the importer",
    }
    actor_ids: dict[str, str] = {}
    for a in data.actors:
        actor_ids[a.id] = safe_id(a.id, taken)
        if actor_ids[a.id] != a.id:
            conventions[f"decide.actor.{actor_ids[a.id]}"] = a.id
    issue_ids: dict[str, str] = {}
    for i in data.issues:
        issue_ids[i.name] = safe_id(i.name, taken)
        if issue_ids[i.name] != i.name:
            conventions[f"decide.issue.{issue_ids[i.name]}"] = i.name
    powers: dict[str, list[tuple[str, float]]] = {}
    for d in data.data:
        powers.setdefault(d.actor, []).append((d.issue, d.power))
    actors: dict[str, Any] = {}
    for a in data.actors:
        values = [p for _, p in powers.get(a.id, [])]
        cap = max(values) if values else 0.0
        entry: dict[str, Any] = {"name": a.fullname, "capability": cap}
        if a.comment:
            entry["note"] = a.comment
        actors[actor_ids[a.id]] = entry
        if len(set(values)) > 1:
            for issue, p in powers[a.id]:
                conventions[f"decide.power.{actor_ids[a.id]}.{issue_ids[issue]}"] = repr(p)
    issues: dict[str, Any] = {}
    by_name = {i.name: i for i in data.issues}
    for i in data.issues:
        lo, hi = i.bounds
        anchors: dict[float, str] = {}
        for value, label in i.markers:
            anchors.setdefault(_to100(value, lo, hi), label or f"{value:g}")
        entry = {
            "label": i.description,
            "anchors": anchors,
            "status_quo": STATUS_QUO_PLACEHOLDER,
            "note": "status_quo set to the scale midpoint 50 by the importer: Decide data give none"
            + (f"; Decide comment: {i.comment}" if i.comment else ""),
        }
        if (lo, hi) != (0.0, 100.0):
            entry["native_range"] = [lo, hi]
        if i.comment:
            conventions[f"decide.issue_comment.{issue_ids[i.name]}"] = i.comment
        issues[issue_ids[i.name]] = entry
    positions: dict[str, dict[str, Any]] = {}
    for d in data.data:
        lo, hi = by_name[d.issue].bounds
        pos: dict[str, Any] = {"ideal": _to100(d.position, lo, hi), "salience": d.salience}
        if d.comment:
            pos["note"] = d.comment
        positions.setdefault(actor_ids[d.actor], {})[issue_ids[d.issue]] = pos
    signatories = [actor_ids[a.id] for a in data.actors if positions.get(actor_ids[a.id])]
    name = source_name or data.name
    sid = scenario_id or safe_id(data.name, set())
    title = data.descriptions[0] if data.descriptions else data.name
    doc: dict[str, Any] = {
        "format": 1,
        "id": sid,
        "title": title,
        "as_of": as_of,
        "horizon": horizon,
        "description": f"Imported from the Decide file {name}."
        + (" " + " ".join(data.descriptions[1:]) if len(data.descriptions) > 1 else ""),
        "conventions": conventions,
        "utility": "quadratic",
        "actors": actors,
        "issues": issues,
        "positions": positions,
        "veto": {
            "signatories": signatories,
            "why": "Decide data carry no decision rule; every actor with data is a signatory",
        },
    }
    if data.descriptions:
        conventions["decide.descriptions"] = "\n".join(data.descriptions)
    Scenario.model_validate(doc)
    return doc


# --------------------------------------------------------------------------- back to Decide


def scenario_to_decide(scenario: Scenario) -> DecideData:
    """Convert a scenario to Decide data (the inverse of :func:`decide_to_scenario`).

    Uncertain numbers are written as their point values. Positions are mapped back to each
    issue's ``native_range`` when it is set; powers come from ``decide.power.*`` conventions when
    present, else from the actor's capability.
    """
    conv = scenario.conventions
    a_orig = {aid: conv.get(f"decide.actor.{aid}", aid) for aid in scenario.actors}
    i_orig = {iid: conv.get(f"decide.issue.{iid}", iid) for iid in scenario.issues}
    actors = tuple(
        DecideActor(a_orig[aid], a.name, a.note or "") for aid, a in scenario.actors.items()
    )
    issues: list[DecideIssue] = []
    for iid, issue in scenario.issues.items():
        lo, hi = issue.native_range or (0.0, 100.0)
        marks: list[tuple[float, str]] = []
        for anchor, label in issue.anchors.items():
            value = _native(float(anchor), lo, hi)
            marks.append((value, "" if label == f"{value:g}" else label))
        issues.append(
            DecideIssue(
                i_orig[iid], issue.label, conv.get(f"decide.issue_comment.{iid}", ""), tuple(marks)
            )
        )
    data: list[DecideDatum] = []
    for aid, by_issue in scenario.positions.items():
        for iid, pos in by_issue.items():
            issue = scenario.issues[iid]
            lo, hi = issue.native_range or (0.0, 100.0)
            key = f"decide.power.{aid}.{iid}"
            power = float(conv[key]) if key in conv else point(scenario.actors[aid].capability)
            data.append(
                DecideDatum(
                    a_orig[aid],
                    i_orig[iid],
                    _native(point(pos.ideal), lo, hi),
                    point(pos.salience),
                    power,
                    pos.note or "",
                )
            )
    desc = conv.get("decide.descriptions")
    return DecideData(
        actors, tuple(issues), tuple(data), tuple(desc.split("\n")) if desc else (), scenario.id
    )


def format_decide(data: DecideData) -> str:
    """Write Decide data as a Decide CSV (tab-separated, ``'``-quoted, Decide's row order)."""
    out = io.StringIO()
    w = csv.writer(
        out, delimiter="\t", quotechar="'", quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n"
    )
    for text in data.descriptions:
        w.writerow(["#O", text])
    for a in data.actors:
        w.writerow(["#A", a.id, a.fullname, a.comment])
    for i in data.issues:
        w.writerow(["#P", i.name, i.description, i.comment])
        for value, label in i.markers:
            row: list[object] = ["#M", i.name, float(value)]
            if label:
                row.append(label)
            w.writerow(row)
    for d in data.data:
        row = ["#D", d.actor, d.issue, float(d.position), float(d.salience), float(d.power)]
        if d.comment:
            row.append(d.comment)
        w.writerow(row)
    return out.getvalue()
