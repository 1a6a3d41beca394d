"""Every complete scenario example in docs/scenario-format.md validates.

A fenced ```yaml block whose first line is ``# example: complete`` is written to a temporary file
and loaded with :func:`summitry.io.scenario.load_scenario`, so the reference documentation cannot
drift from the format the code accepts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from summitry.io.scenario import load_scenario

DOC = Path(__file__).resolve().parents[2] / "docs" / "scenario-format.md"
MARKER = "# example: complete"
_FENCE = re.compile(r"^```yaml[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


def complete_examples() -> list[str]:
    """Return the text of every ```yaml block of the doc that starts with the marker line."""
    text = DOC.read_text(encoding="utf-8")
    return [b for b in _FENCE.findall(text) if b.lstrip("\n").startswith(MARKER + "\n")]


EXAMPLES = complete_examples()


def test_the_doc_has_complete_examples() -> None:
    assert len(EXAMPLES) >= 2


@pytest.mark.parametrize("n", range(len(EXAMPLES)))
def test_complete_example_validates(n: int, tmp_path: Path) -> None:
    path = tmp_path / f"example-{n}.yaml"
    path.write_text(EXAMPLES[n], encoding="utf-8")
    loaded = load_scenario(path)
    assert loaded.scenario.id
