"""Regression (golden-file) tests of the report on the textbook scenarios.

The textbook scenarios are deterministic (no uncertain input), so the Markdown and the HTML
(charts replaced by a placeholder, since their bytes belong to matplotlib) are pinned
exactly; the version string is normalised. Regenerate after an intended change with
``SUMMITRY_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/report/test_golden.py``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from summitry import __version__
from summitry.workflows.report import build_report, render_report

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden"
SCENARIOS = ["fearon-range", "logroll"]


def _normalise(text: str) -> str:
    text = text.replace(f"summitry {__version__}", "summitry VERSION")
    text = text.replace(f'content="summitry {__version__}"', 'content="summitry VERSION"')
    return re.sub(r"<svg role=\"img\".*?</svg>", "<svg>CHART</svg>", text, flags=re.S)


@pytest.mark.parametrize("name", SCENARIOS)
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_textbook_report_matches_golden(
    name: str, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    run = build_report(f"scenarios/textbook/{name}.yaml", seed=1, out="out")
    files = render_report(run, (fmt,))
    got = _normalise(str(files[f"report.{fmt}"]))
    path = GOLDEN / f"{name}.{fmt}"
    if os.environ.get("SUMMITRY_UPDATE_GOLDEN"):
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")
