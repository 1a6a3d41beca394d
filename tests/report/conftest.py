"""Shared fixtures of the report tests: one small seeded flagship report for the slow tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = ROOT / "scenarios" / "putin-trump-talks.yaml"
VARIANT = ROOT / "scenarios" / "putin-trump-talks.v4-temporary-ceasefire.yaml"


@pytest.fixture(scope="session")
def flagship_run() -> Any:
    """The flagship report with 2,048 draws, seed 7, one variant (built once per session)."""
    from summitry.workflows.report import build_report

    variants = [VARIANT] if VARIANT.is_file() else []
    return build_report(
        FLAGSHIP, draws=2048, seed=7, variants=variants, workers=1, sensitivity_draws=32
    )


@pytest.fixture(scope="session")
def flagship_html(flagship_run: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The flagship report's HTML written to a temporary directory."""
    from summitry.io.output import write_outputs
    from summitry.workflows.report import render_report

    out = tmp_path_factory.mktemp("flagship-report")
    write_outputs(out, render_report(flagship_run, ("html", "md")))
    return out / "report.html"
