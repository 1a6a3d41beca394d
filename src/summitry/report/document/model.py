"""The neutral document model of the explained report.

Section builders (:mod:`summitry.report.document.builders`) turn result documents into a
:class:`Document`; renderers turn it into HTML (Jinja2, :mod:`.html`), Markdown (:mod:`.markdown`)
and PDF (:mod:`.pdf`). Nothing here computes a result: every number in a :class:`Sentence` was
read from an engine's JSON, and the sentence names the scenario inputs it comes from (dotted field
paths, ``refs``) and the citations behind it (``cites``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "Block",
    "CiteEntry",
    "Document",
    "Figure",
    "InputRow",
    "Para",
    "Section",
    "Sentence",
    "Table",
    "anchor",
    "cite_anchor",
]


def anchor(path: str) -> str:
    """HTML/Markdown anchor of an input row: ``in-`` + the path with unsafe characters as ``-``."""
    return "in-" + re.sub(r"[^A-Za-z0-9_.\-]", "-", path)


def cite_anchor(key: str) -> str:
    """Anchor of a citation entry (``seed:L71.s1`` -> ``cite-seed-L71-s1``)."""
    return "cite-" + re.sub(r"[^A-Za-z0-9_\-]", "-", key)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One generated sentence with the inputs (field paths) and citations it rests on."""

    text: str
    refs: tuple[str, ...] = ()
    cites: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph of sentences; ``kind`` is ``"p"``, ``"lead"`` (verdict) or ``"note"``."""

    sentences: tuple[Sentence, ...]
    kind: str = "p"


@dataclass(frozen=True, slots=True)
class Table:
    """A table of plain-text cells; ``row_refs`` / ``row_cites`` give each row's provenance."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_refs: tuple[tuple[str, ...], ...] = ()
    row_cites: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Figure:
    """An inline SVG chart with its title and alternative text."""

    id: str
    title: str
    alt: str
    svg: str


Block = Para | Table | Figure


@dataclass(frozen=True, slots=True)
class Section:
    """A report section; ``mirrors`` names the seed article's heading it answers, if any."""

    id: str
    title: str
    blocks: tuple[Block, ...]
    mirrors: str | None = None


@dataclass(frozen=True, slots=True)
class InputRow:
    """One numeric scenario input: its field path, value as written, ``why`` and citations."""

    path: str
    value: str
    why: str | None
    cites: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CiteEntry:
    """A citation: a quoted sentence of a source text, a declared source, or free text."""

    key: str
    kind: str  # "sentence" | "source" | "text"
    label: str
    quote: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """The whole report: sections, then the appendix data (inputs, citations, run parameters)."""

    title: str
    subtitle: str
    sections: tuple[Section, ...]
    inputs: tuple[InputRow, ...]
    citations: tuple[CiteEntry, ...]
    parameters: tuple[tuple[str, str], ...]
    command: str
    version: str
    omitted: tuple[str, ...] = field(default=())
