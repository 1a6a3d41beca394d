"""Render a :class:`~summitry.report.document.model.Document` as one self-contained HTML file.

Jinja2 (autoescaping) fills ``templates/report.html.j2``; the CSS is inlined and the charts are
inline SVG, so the file opens from disk with no network request (no fonts, scripts or images are
fetched). Each sentence is followed by links to the inputs it rests on; sentence citations carry
the quoted sentence as their ``title`` (shown on hover) and link to the sources appendix.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from markupsafe import Markup, escape

from summitry.report.document.links import Linker
from summitry.report.document.model import (
    Document,
    Figure,
    Para,
    Sentence,
    Table,
    anchor,
    cite_anchor,
)

__all__ = ["render_html"]


def _template(name: str) -> str:
    return (resources.files("summitry.report") / "templates" / name).read_text(encoding="utf-8")


def _cites(linker: Linker, keys: tuple[str, ...]) -> str:
    out = []
    for key in keys:
        link = linker.cite(key)
        title = f' title="{escape(link.title)}"' if link.title else ""
        out.append(f'<a class="cite" href="{link.href}"{title}>[{escape(key)}]</a>')
    return " ".join(out)


def _refs(linker: Linker, paths: tuple[str, ...]) -> str:
    if not paths:
        return ""
    links, more = linker.refs(paths)
    parts = [
        f'<a href="{ln.href}">{escape(ln.label)}</a>' if ln.href else f"{escape(ln.label)}"
        for ln in links
    ]
    if more:
        parts.append(f'<a href="#inputs">+{more} more</a>')
    return '<sup class="refs">inputs: ' + ", ".join(parts) + "</sup>"


def _sentence(linker: Linker, s: Sentence) -> str:
    text = str(escape(s.text))
    tail = " ".join(x for x in (_cites(linker, s.cites), _refs(linker, s.refs)) if x)
    return text + (" " + tail if tail else "")


def _caption_text(fig: Figure) -> str:
    """The alt text for the caption, without a repeat of the title it starts with."""
    alt = fig.alt
    if alt.startswith(fig.title):
        alt = alt[len(fig.title) :].lstrip(" .:,;")
        alt = alt[:1].upper() + alt[1:]
    return alt


def render_html(doc: Document) -> str:
    """The report as HTML text (deterministic for a given document)."""
    try:
        import jinja2
    except ImportError:
        from summitry.errors import SummitryError

        raise SummitryError(
            "the HTML report needs jinja2, which this installation lacks. Fix: install the "
            "'report' extra (pip install 'summitry[report]') or use --format md"
        ) from None

    linker = Linker(doc)
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(_template("report.html.j2"))
    figure_no = 0
    sections: list[dict[str, Any]] = []
    for sec in doc.sections:
        blocks: list[dict[str, Any]] = []
        for b in sec.blocks:
            if isinstance(b, Para):
                blocks.append(
                    {
                        "kind_": "para",
                        "cls": b.kind,
                        "sentences": [Markup(_sentence(linker, s)) for s in b.sentences],
                    }
                )
            elif isinstance(b, Table):
                prov = bool(b.row_refs or b.row_cites)
                rows = []
                for k, cells in enumerate(b.rows):
                    refs = b.row_refs[k] if k < len(b.row_refs) else ()
                    cites = b.row_cites[k] if k < len(b.row_cites) else ()
                    p = " ".join(x for x in (_cites(linker, cites), _refs(linker, refs)) if x)
                    rows.append({"cells": cells, "prov": Markup(p)})
                blocks.append(
                    {
                        "kind_": "table",
                        "caption": b.caption,
                        "header": b.header,
                        "rows": rows,
                        "prov": prov,
                    }
                )
            elif isinstance(b, Figure):
                figure_no += 1
                blocks.append(
                    {
                        "kind_": "figure",
                        "id": b.id,
                        "number": figure_no,
                        "title": b.title,
                        "alt": _caption_text(b),
                        "svg": Markup(b.svg),
                    }
                )
        sections.append(
            {"id": sec.id, "title": sec.title, "mirrors": sec.mirrors, "blocks": blocks}
        )
    inputs = [
        {
            "anchor": anchor(r.path),
            "path": r.path,
            "value": r.value,
            "why": r.why or "",
            "cites": Markup(_cites(linker, r.cites)),
        }
        for r in doc.inputs
    ]
    citations = [
        {
            "anchor": cite_anchor(c.key),
            "key": c.key,
            "kind": c.kind,
            "label": c.label,
            "quote": c.quote,
            "url": c.url,
        }
        for c in doc.citations
    ]
    view = {
        "title": doc.title,
        "subtitle": doc.subtitle,
        "version": doc.version,
        "sections": sections,
        "parameters": doc.parameters,
        "command": doc.command,
        "omitted": doc.omitted,
        "inputs": doc.inputs,
        "citations": citations,
    }
    return template.render(doc=view, inputs=inputs, css=_template("report.css"))
