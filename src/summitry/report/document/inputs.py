"""The appendix data of a report: every numeric input with its ``why`` and citations.

A row is a numeric leaf of the scenario (a number or an uncertainty spec) with its dotted field
path; its ``why`` and ``cite`` are those of the nearest enclosing object that carries them (the
number itself when written as ``{value, why, cite}``, else its position, ratifier, actor ...).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from summitry.model.uncertain import BetaSpec, NormalSpec, RangeSpec, TriangularSpec, point
from summitry.report.document.model import CiteEntry, InputRow
from summitry.report.document.words import num

__all__ = ["collect_citations", "input_rows", "spec_text"]

_SPECS = (RangeSpec, TriangularSpec, NormalSpec, BetaSpec)
_SKIP = {"gmcr", "claims", "sources", "conventions", "anchors", "native_range", "format"}


def spec_text(value: Any) -> str:
    """A value as the scenario writes it: ``12``, ``range [95, 100] (point 97.5)`` ..."""
    if isinstance(value, RangeSpec):
        lo, hi = value.range
        return f"range [{num(lo, 3)}, {num(hi, 3)}] (point {num(point(value), 3)})"
    if isinstance(value, TriangularSpec):
        lo, mode, hi = value.triangular
        return f"triangular [{num(lo, 3)}, {num(mode, 3)}, {num(hi, 3)}]"
    if isinstance(value, NormalSpec):
        return f"normal (mean {num(value.normal.mean, 3)}, sd {num(value.normal.sd, 3)})"
    if isinstance(value, BetaSpec):
        b = value.beta
        return (
            f"beta (a {num(b.a, 3)}, b {num(b.b, 3)}) on [{num(b.lo, 3)}, {num(b.hi, 3)}] "
            f"(mean {num(point(value), 3)})"
        )
    return num(float(value), 4)


def _walk(
    node: Any, loc: tuple[str, ...], why: str | None, cite: tuple[str, ...]
) -> Iterator[InputRow]:
    if isinstance(node, _SPECS) or (
        isinstance(node, int | float) and not isinstance(node, bool) and loc
    ):
        path = ".".join(loc)
        if path.endswith(".value"):
            path = path[: -len(".value")]
        yield InputRow(path=path, value=spec_text(node), why=why, cites=cite)
        return
    if isinstance(node, BaseModel):
        own_why = getattr(node, "why", None)
        own_cite = getattr(node, "cite", None)
        w = own_why if isinstance(own_why, str) else why
        c = own_cite if isinstance(own_cite, tuple) and own_cite else cite
        for name in type(node).model_fields:
            if name in _SKIP or name in ("why", "cite", "note"):
                continue
            yield from _walk(getattr(node, name), (*loc, name), w, c)
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*loc, str(key)), why, cite)
    elif isinstance(node, tuple):
        for k, value in enumerate(node):
            yield from _walk(value, (*loc, str(k)), why, cite)


def _gmcr_rows(block: Any) -> Iterator[InputRow]:
    """The graph model's inputs: options, infeasible conditions, status quo, preferences."""
    why = block.why or block.citation
    cite = tuple(block.cite)
    for dm, options in block.options.items():
        for opt, spec in options.items():
            label = spec if isinstance(spec, str) else spec.label
            own_why = None if isinstance(spec, str) else spec.why
            own_cite = () if isinstance(spec, str) else tuple(spec.cite)
            yield InputRow(f"gmcr.options.{dm}.{opt}", label, own_why or why, own_cite or cite)
    for k, cond in enumerate(block.infeasible):
        text = cond if isinstance(cond, str) else "group condition"
        yield InputRow(f"gmcr.infeasible.{k}", text, why, cite)
    for k, irr in enumerate(block.irreversible):
        yield InputRow(
            f"gmcr.irreversible.{k}",
            f"{irr.option} {irr.direction}",
            irr.why or why,
            tuple(irr.cite) or cite,
        )
    if block.status_quo is not None:
        sq = ", ".join(f"{k}={v}" for k, v in block.status_quo.items())
        yield InputRow("gmcr.status_quo", sq, why, cite)
    for dm, pref in block.preferences.items():
        if isinstance(pref, tuple):
            yield InputRow(f"gmcr.preferences.{dm}", "; ".join(pref), why, cite)
        else:
            yield InputRow(
                f"gmcr.preferences.{dm}",
                "ranking: " + "; ".join(pref.ranking),
                pref.why or why,
                tuple(pref.cite) or cite,
            )


def input_rows(scenario: BaseModel) -> tuple[InputRow, ...]:
    """Every numeric input of ``scenario`` in document order (see module docstring), then the
    graph model's options and preferences when the scenario has a ``gmcr:`` block."""
    rows = list(_walk(scenario, (), None, ()))
    block = getattr(scenario, "gmcr", None)
    if block is not None:
        rows += list(_gmcr_rows(block))
    return tuple(rows)


def collect_citations(
    keys: list[str], sources: dict[str, Any], quote: Any
) -> tuple[CiteEntry, ...]:
    """Resolve citation keys: quoted sentences, declared sources, or free text (sorted by kind).

    ``quote`` is :meth:`summitry.io.scenario.LoadedScenario.quote`.
    """
    seen: dict[str, CiteEntry] = {}
    for key in keys:
        if key in seen:
            continue
        sentence = quote(key) if ":" in key else None
        if sentence is not None:
            src = sources.get(key.partition(":")[0])
            label = getattr(src, "title", key.partition(":")[0]) if src is not None else key
            seen[key] = CiteEntry(key=key, kind="sentence", label=str(label), quote=sentence)
        elif key in sources:
            src = sources[key]
            seen[key] = CiteEntry(
                key=key,
                kind="source",
                label=str(src.title) + (f" ({src.date})" if src.date else ""),
                url=src.url,
            )
        else:
            seen[key] = CiteEntry(key=key, kind="text", label=key)
    order = {"sentence": 0, "source": 1, "text": 2}

    def sort_key(e: CiteEntry) -> tuple[int, str, int, int]:
        import re

        m = re.match(r"^.*:L(\d+)(?:\.s(\d+))?$", e.key)
        line, sent = (int(m.group(1)), int(m.group(2) or 0)) if m else (0, 0)
        return (order[e.kind], e.key.partition(":")[0] if m else e.key, line, sent)

    return tuple(sorted(seen.values(), key=sort_key))
