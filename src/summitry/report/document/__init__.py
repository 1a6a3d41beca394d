"""The explained report: a neutral document model, section builders and renderers.

:mod:`.builders` turns result documents into a :class:`~.model.Document`; :mod:`.html`,
:mod:`.markdown` and :mod:`.pdf` render it. :mod:`summitry.workflows.report` runs the engines
and calls these.
"""

from summitry.report.document.model import Document, Figure, Para, Section, Sentence, Table

__all__ = ["Document", "Figure", "Para", "Section", "Sentence", "Table"]
