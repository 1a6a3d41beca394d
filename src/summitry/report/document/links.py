"""Resolve a sentence's input references and citations to anchors (shared by the renderers)."""

from __future__ import annotations

from dataclasses import dataclass

from summitry.report.document.model import CiteEntry, Document, anchor, cite_anchor

__all__ = ["MAX_REFS", "Linker"]

MAX_REFS = 4
"""Input links shown after a sentence; the rest are summarised as "+N more"."""


@dataclass(frozen=True)
class Link:
    """A resolved link: the label shown and its anchor (``None``: not an input row)."""

    label: str
    href: str | None
    title: str | None = None


class Linker:
    """Map dotted paths to input rows (exact, or the first row below a prefix) and cites."""

    def __init__(self, doc: Document) -> None:
        self._exact = {r.path for r in doc.inputs}
        self._first: dict[str, str] = {}
        for r in doc.inputs:  # the first row below each prefix, in document order
            parts = r.path.split(".")
            for k in range(1, len(parts)):
                self._first.setdefault(".".join(parts[:k]), r.path)
        self._cites: dict[str, CiteEntry] = {c.key: c for c in doc.citations}

    def ref(self, path: str) -> Link:
        """The link of an input reference (``a.b.value`` is the input row ``a.b``)."""
        if path.endswith(".value") and path not in self._exact:
            path = path[: -len(".value")]
        if path in self._exact:
            return Link(path, "#" + anchor(path))
        if path in self._first:
            return Link(path, "#" + anchor(self._first[path]))
        return Link(path, None)

    def refs(self, paths: tuple[str, ...]) -> tuple[list[Link], int]:
        """Links of the first :data:`MAX_REFS` references and how many more there are."""
        uniq = list(dict.fromkeys(paths))
        return [self.ref(p) for p in uniq[:MAX_REFS]], max(0, len(uniq) - MAX_REFS)

    def cite(self, key: str) -> Link:
        """The link of a citation, with the quoted sentence or the source title as its title."""
        entry = self._cites.get(key)
        title = None
        if entry is not None:
            title = entry.quote if entry.quote is not None else entry.label
        return Link(key, "#" + cite_anchor(key), title)
