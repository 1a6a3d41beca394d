"""``workflows.report``: what runs, determinism across workers, numbers taken from the engines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from summitry.report.document.words import prob_ci
from summitry.workflows.report import build_report, render_report
from tests.report.conftest import FLAGSHIP, VARIANT


def _md(run: Any) -> str:
    return str(render_report(run, ("md",))["report.md"])


def test_report_numbers_are_the_engines_numbers(flagship_run: Any) -> None:
    md = _md(flagship_run)
    sim = flagship_run.results.simulation
    assert f"with probability {prob_ci(sim['outcomes']['settlement'])} (Wilson 95% interval)" in md
    hz = sim.get("horizon")
    if hz:
        e = hz["outcomes"]["O6_SETTLEMENT"]
        assert f"P(comprehensive settlement within 12 months) = {prob_ci(e)}" in md
    gmcr = flagship_run.results.gmcr
    assert f"{gmcr['model']['n_states']} feasible states" in md
    assert "## Article check" in md
    assert "--draws 2048 --seed 7" + (f" --variants {VARIANT}" if VARIANT.is_file() else "") in md


@pytest.mark.slow
def test_same_seed_same_report_for_any_number_of_workers() -> None:
    kw: dict[str, Any] = {"draws": 2048, "seed": 11, "sensitivity_draws": 16}
    one = build_report(FLAGSHIP, workers=1, **kw)
    two = build_report(FLAGSHIP, workers=2, **kw)
    assert _md(one) == _md(two)


def test_variant_file_gets_its_merged_graph_model(tmp_path: Path) -> None:
    if not VARIANT.is_file():
        pytest.skip("the V4 variant file is not in this checkout")
    run = build_report(VARIANT, draws=1024, seed=3, sensitivity_draws=16)
    md = _md(run)
    assert run.results.gmcr is not None
    assert "has no graph-model" not in md
    assert run.document.title.startswith("Explained report: V4")
