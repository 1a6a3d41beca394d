"""Sentence IDs of a source text: ``L<line>.s<n>``.

``<line>`` is the 1-based line of the file (one paragraph per line); ``<n>`` numbers the sentences
of that line, split at ``.``, ``!`` or ``?`` followed by whitespace and a capital letter, so that
"U.S. leader" is not a break (design doc ``flagship-scenario.md`` section 0.1). A line with one
sentence (a heading) may also be cited as ``L<line>``.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema

__all__ = ["CITE_PATTERN", "Cite", "sentence_index", "split_sentences"]

_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
CITE_PATTERN = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9_\-]*):(?P<sid>L\d+(?:\.s\d+)?)$")
"""A sentence citation: ``KEY:L<line>.s<n>`` or ``KEY:L<line>``."""


def split_sentences(line: str) -> list[str]:
    """Split one paragraph into sentences by the rule of the module docstring."""
    text = line.strip()
    if not text:
        return []
    return [s for s in _BREAK.split(text) if s]


def sentence_index(text: str) -> dict[str, str]:
    """Map every sentence ID of ``text`` (``L7.s1``, and ``L3`` for single-sentence lines) to it."""
    index: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        sentences = split_sentences(line)
        for k, sentence in enumerate(sentences, start=1):
            index[f"L{number}.s{k}"] = sentence
        if len(sentences) == 1:
            index[f"L{number}"] = sentences[0]
    return index


def _cite_list(raw: Any) -> Any:
    if isinstance(raw, str):
        return (raw,)
    return raw


Cite = Annotated[
    tuple[str, ...],
    BeforeValidator(_cite_list),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}),
]
"""One citation or a list: ``seed:L39.s2`` (a sentence of a source file), a key of ``sources``
(a bare word of letters, digits, ``_`` and ``-``, which must be declared), or free text (anything
else, e.g. with a space or punctuation)."""
