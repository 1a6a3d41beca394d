"""KTAB spatial model of politics (SMP) inputs, CSV and XML, imported into scenarios.

CSV (``examples/smp/doc/*.csv``; comma-separated, trailing commas and ``"`` quotes tolerated)::

    <scenario name>,<description>,<numActors>,<numDims>,
    Actor,Description,<Power|Influence>,<Dim1 name>,<Dim1 salience name>,...,
    <short name>,<description>,<capability>,<pos d1>,<sal d1>,<pos d2>,<sal d2>,...,

XML (``smpSchema.xsd``): ``<Scenario>`` with ``name``, ``desc``, optional ``<ModelParameters>``,
``<Dimensions><dName>``, ``<Actors><Actor><name/><description/><capability/><Position><dCoord/>``
``...</Position><Salience><dSal/>...</Salience></Actor>``.

Positions and saliences are on 0--100; each actor's saliences sum to at most 100; capability is
in [0, 1e8]. Every violation, a missing or empty coordinate (as in KTAB's own shipped
``smpExample.xml``) and a wrong row length are reported with file:line:column.

Import: positions stay on 0--100 (KTAB's native scale); saliences are divided by 100 (a share of
attention, 0--1; KTAB's own value is in ``conventions``); capability is kept. KTAB data have no
status quo or dates: ``status_quo`` is set to the midpoint 50 (documented), ``as_of`` defaults to
the import date and ``horizon`` to one year later, and every actor is a signatory. The XML model
parameters are recorded in ``conventions`` (``ktab.<Parameter>``).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summitry.errors import InputError, Problem, format_value
from summitry.io.decide import STATUS_QUO_PLACEHOLDER, safe_id
from summitry.io.yamlfile import read_text
from summitry.model.scenario import Scenario

__all__ = [
    "KtabActor",
    "KtabData",
    "ktab_to_scenario",
    "parse_ktab_csv",
    "parse_ktab_xml",
    "read_ktab",
]

MAX_CAPABILITY = 1e8


@dataclass(frozen=True, slots=True)
class KtabActor:
    """One SMP actor."""

    name: str
    description: str
    capability: float
    position: tuple[float, ...]
    salience: tuple[float, ...]
    """Saliences on KTAB's 0--100 scale."""


@dataclass(frozen=True, slots=True)
class KtabData:
    """A parsed KTAB SMP input."""

    name: str
    description: str
    dimensions: tuple[str, ...]
    actors: tuple[KtabActor, ...]
    parameters: dict[str, str] = field(default_factory=dict)
    file: str = ""


def _problem(
    name: str, line: int, col: int, path: str, message: str, value: object, expected: str, fix: str
) -> Problem:
    return Problem(
        file=name,
        line=line,
        col=col,
        path=path,
        message=message,
        value=None if value is None else format_value(value),
        expected=expected,
        fix=fix,
    )


def _field_cols(raw: str, n: int) -> list[int]:
    cols, at = [1], 0
    for _ in range(n):
        at = raw.find(",", at)
        if at < 0:
            break
        cols.append(at + 2)
        at += 1
    return cols


def _check_actor(
    problems: list[Problem],
    name: str,
    where: list[tuple[int, int]],
    path: str,
    cap: float,
    pos: list[float],
    sal: list[float],
) -> None:
    """Range checks; ``where`` = (line, col) of capability, then pos/sal pairs."""
    if not 0 <= cap <= MAX_CAPABILITY:
        problems.append(
            _problem(
                name,
                *where[0],
                f"{path}.capability",
                "capability out of range",
                cap,
                "a capability in [0, 1e8]",
                "give a non-negative capability",
            )
        )
    for d, (p, s) in enumerate(zip(pos, sal, strict=True)):
        if not 0 <= p <= 100:
            problems.append(
                _problem(
                    name,
                    *where[1 + 2 * d],
                    f"{path}.position[{d}]",
                    "position out of range",
                    p,
                    "a position in [0, 100]",
                    "rescale the position to 0-100",
                )
            )
        if not 0 <= s <= 100:
            problems.append(
                _problem(
                    name,
                    *where[2 + 2 * d],
                    f"{path}.salience[{d}]",
                    "salience out of range",
                    s,
                    "a salience in [0, 100]",
                    "give the salience in percent",
                )
            )
    if sum(sal) > 100 + 1e-9:
        problems.append(
            _problem(
                name,
                *where[2],
                f"{path}.salience",
                "saliences sum to more than 100",
                round(sum(sal), 6),
                "a total salience <= 100 per actor",
                "scale the actor's saliences down so they sum to at most 100",
            )
        )


def parse_ktab_csv(text: str, name: str) -> KtabData:
    """Parse KTAB's SMP CSV text; raise :class:`InputError` listing every problem."""
    lines = [(k, ln) for k, ln in enumerate(text.splitlines(), start=1) if ln.strip()]
    problems: list[Problem] = []
    if len(lines) < 3:
        raise InputError(
            [
                _problem(
                    name,
                    1,
                    1,
                    "",
                    "too few lines for a KTAB SMP CSV",
                    len(lines),
                    "a scenario line, a header line and actor lines",
                    "check that this is a KTAB SMP CSV file",
                )
            ]
        )

    def cells(raw: str) -> list[str]:
        row = next(csv.reader([raw], skipinitialspace=True))
        row = [c.strip().strip('"').strip() for c in row]
        while row and row[-1] == "":
            row.pop()
        return row

    head_line, head_raw = lines[0]
    head = cells(head_raw)
    try:
        n_actors, n_dims = int(head[2]), int(head[3])
    except (IndexError, ValueError):
        raise InputError(
            [
                _problem(
                    name,
                    head_line,
                    1,
                    "scenario",
                    "first line lacks the actor and dimension counts",
                    head_raw,
                    "<name>,<description>,<numActors>,<numDims>",
                    "write the counts as whole numbers in fields 3 and 4",
                )
            ]
        ) from None
    hdr_line, hdr_raw = lines[1]
    hdr = cells(hdr_raw)
    if len(hdr) < 3 + 2 * n_dims:
        problems.append(
            _problem(
                name,
                hdr_line,
                1,
                "header",
                "header has too few columns",
                len(hdr),
                f"{3 + 2 * n_dims} columns for {n_dims} dimensions",
                "list a position and a salience column per dimension",
            )
        )
        dims = tuple(f"dim{d + 1}" for d in range(n_dims))
    else:
        dims = tuple(hdr[3 + 2 * d] for d in range(n_dims))
    actors: list[KtabActor] = []
    body = lines[2:]
    if len(body) != n_actors:
        problems.append(
            _problem(
                name,
                head_line,
                1,
                "scenario.numActors",
                "number of actor lines differs from the declared count",
                len(body),
                f"{n_actors} actor lines",
                "correct the count in the first line or the actor lines",
            )
        )
    for line, raw in body:
        row = cells(raw)
        cols = _field_cols(raw, len(row))
        path = f"actors.{row[0] if row else '?'}"
        if len(row) != 3 + 2 * n_dims:
            problems.append(
                _problem(
                    name,
                    line,
                    1,
                    path,
                    "actor line has the wrong number of fields",
                    len(row),
                    f"{3 + 2 * n_dims} fields for {n_dims} dimensions",
                    "give name, description, capability, then position and salience per dimension",
                )
            )
            continue
        numbers: list[float] = []
        ok = True
        for k in range(2, len(row)):
            try:
                numbers.append(float(row[k]))
            except ValueError:
                problems.append(
                    _problem(
                        name,
                        line,
                        cols[k] if k < len(cols) else 1,
                        path,
                        "not a number",
                        row[k],
                        "a number",
                        "write a plain decimal number",
                    )
                )
                ok = False
        if not ok:
            continue
        cap, rest = numbers[0], numbers[1:]
        pos, sal = rest[0::2], rest[1::2]
        where = [(line, cols[k] if k < len(cols) else 1) for k in range(2, len(row))]
        _check_actor(problems, name, where, path, cap, pos, sal)
        actors.append(KtabActor(row[0], row[1], cap, tuple(pos), tuple(sal)))
    if problems:
        raise InputError(problems)
    return KtabData(head[0], head[1], dims, tuple(actors), {}, name)


def _positions_of(text: str, tag: str) -> list[tuple[int, int]]:
    out = []
    for m in re.finditer(rf"<{tag}[\s/>]", text):
        line = text.count("\n", 0, m.start()) + 1
        col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        out.append((line, col))
    return out


def parse_ktab_xml(text: str, name: str) -> KtabData:
    """Parse KTAB's SMP XML text; raise :class:`InputError` listing every problem."""
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as exc:
        line, col = exc.position
        raise InputError(
            [
                _problem(
                    name,
                    line,
                    col + 1,
                    "",
                    "XML syntax error",
                    None,
                    "well-formed XML",
                    "check the tags near this position",
                )
            ]
        ) from None
    problems: list[Problem] = []
    where: dict[str, list[tuple[int, int]]] = {
        t: _positions_of(text, t) for t in ("dCoord", "dSal", "capability", "Actor")
    }
    seen = dict.fromkeys(where, 0)

    def loc(tag: str) -> tuple[int, int]:
        k = seen[tag]
        seen[tag] += 1
        return where[tag][k] if k < len(where[tag]) else (0, 0)

    dims = tuple((d.text or "").strip() for d in root.iter("dName"))
    params: dict[str, str] = {}
    mp = root.find("ModelParameters")
    if mp is not None:
        params = {child.tag: (child.text or "").strip() for child in mp}
    actors: list[KtabActor] = []
    for a_el in root.iter("Actor"):
        a_line, a_col = loc("Actor")
        aname = (a_el.findtext("name") or "").strip()
        path = f"Actors.{aname or '?'}"

        def num(text_: str | None, tag: str, what: str, p: str) -> float | None:
            line, col = loc(tag)
            raw = (text_ or "").strip()
            if not raw:
                problems.append(
                    _problem(
                        name,
                        line,
                        col,
                        p,
                        f"empty {what}",
                        raw,
                        f"a number for the {what}",
                        f"write the {what} between the tags",
                    )
                )
                return None
            try:
                return float(raw)
            except ValueError:
                problems.append(
                    _problem(
                        name,
                        line,
                        col,
                        p,
                        f"{what} is not a number",
                        raw,
                        "a number",
                        "write a plain decimal number",
                    )
                )
                return None

        cap_el = a_el.find("capability")
        cap_where = (
            where["capability"][seen["capability"]]
            if seen["capability"] < len(where["capability"])
            else (a_line, a_col)
        )
        cap = num(
            cap_el.text if cap_el is not None else None,
            "capability",
            "capability",
            f"{path}.capability",
        )
        coords = a_el.findall("Position/dCoord")
        sals = a_el.findall("Salience/dSal")
        pos_w = [
            where["dCoord"][min(seen["dCoord"] + k, len(where["dCoord"]) - 1)]
            for k in range(len(coords))
        ]
        sal_w = [
            where["dSal"][min(seen["dSal"] + k, len(where["dSal"]) - 1)] for k in range(len(sals))
        ]
        pos = [
            num(c.text, "dCoord", "coordinate", f"{path}.Position[{k}]")
            for k, c in enumerate(coords)
        ]
        sal = [num(c.text, "dSal", "salience", f"{path}.Salience[{k}]") for k, c in enumerate(sals)]
        if len(coords) != len(dims) or len(sals) != len(dims):
            problems.append(
                _problem(
                    name,
                    a_line,
                    a_col,
                    path,
                    "actor's coordinates or saliences do not match the dimensions",
                    [len(coords), len(sals)],
                    f"{len(dims)} of each",
                    "give one dCoord and one dSal per dName",
                )
            )
            continue
        if cap is None or any(v is None for v in pos) or any(v is None for v in sal):
            continue
        pos_f = [float(v) for v in pos if v is not None]
        sal_f = [float(v) for v in sal if v is not None]
        wh = [cap_where] + [w for pair in zip(pos_w, sal_w, strict=True) for w in pair]
        _check_actor(problems, name, wh, path, cap, pos_f, sal_f)
        actors.append(
            KtabActor(
                aname, (a_el.findtext("description") or "").strip(), cap, tuple(pos_f), tuple(sal_f)
            )
        )
    if not actors and not problems:
        problems.append(
            _problem(
                name, 1, 1, "Actors", "no actors", None, "<Actors><Actor>...", "list the actors"
            )
        )
    if problems:
        raise InputError(sorted(problems, key=lambda p: (p.line, p.col)))
    return KtabData(
        (root.findtext("name") or Path(name).stem).strip(),
        (root.findtext("desc") or "").strip(),
        dims,
        tuple(actors),
        params,
        name,
    )


def read_ktab(path: str | Path) -> KtabData:
    """Read a KTAB SMP input file (``.xml`` as XML, anything else as CSV)."""
    p = Path(path)
    text = read_text(p, str(path))
    if p.suffix.lower() == ".xml":
        return parse_ktab_xml(text, str(path))
    return parse_ktab_csv(text, str(path))


def ktab_to_scenario(
    data: KtabData,
    *,
    scenario_id: str | None = None,
    as_of: dt.date | None = None,
    horizon: dt.date | None = None,
) -> dict[str, Any]:
    """Convert parsed KTAB data to a scenario document (a plain dict, validated)."""
    as_of = as_of or dt.datetime.now(dt.UTC).date()
    if horizon is None:
        horizon = as_of + dt.timedelta(days=365)
    taken: set[str] = set()
    conventions = {
        "source_format": "KTAB SMP input (smpc, KTAB commit 3b5b063)",
        "salience": "KTAB salience / 100 (share of the actor's attention)",
        "status_quo": f"not in KTAB data; set to {STATUS_QUO_PLACEHOLDER:g} by the importer",
    }
    for key, value in data.parameters.items():
        conventions[f"ktab.{key}"] = value
    a_ids = [safe_id(a.name, taken) for a in data.actors]
    d_ids = [safe_id(d, taken) for d in data.dimensions]
    for aid, a in zip(a_ids, data.actors, strict=True):
        if aid != a.name:
            conventions[f"ktab.actor.{aid}"] = a.name
    issues = {
        did: {
            "label": dname,
            "status_quo": STATUS_QUO_PLACEHOLDER,
            "note": "status_quo set to the scale midpoint 50 by the importer: KTAB data give none",
        }
        for did, dname in zip(d_ids, data.dimensions, strict=True)
    }
    actors: dict[str, Any] = {}
    positions: dict[str, Any] = {}
    for aid, a in zip(a_ids, data.actors, strict=True):
        entry: dict[str, Any] = {"name": a.name, "capability": a.capability}
        if a.description:
            entry["note"] = a.description
        actors[aid] = entry
        positions[aid] = {
            did: {"ideal": p, "salience": s / 100.0}
            for did, p, s in zip(d_ids, a.position, a.salience, strict=True)
        }
    doc: dict[str, Any] = {
        "format": 1,
        "id": scenario_id or safe_id(Path(data.file).stem or data.name, set()),
        "title": data.name or Path(data.file).stem,
        "as_of": as_of,
        "horizon": horizon,
        "description": (data.description + " " if data.description else "")
        + f"Imported from the KTAB SMP file {data.file}.",
        "conventions": conventions,
        "actors": actors,
        "issues": issues,
        "positions": positions,
        "veto": {
            "signatories": a_ids,
            "why": "KTAB data carry no decision rule; every actor is a signatory",
        },
    }
    Scenario.model_validate(doc)
    return doc
