"""The accuracy harness: MAE on the 0-100 scale against recorded outcomes (workflows.spatial)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest

from summitry.engines.spatial.baselines import nash_bargaining
from summitry.errors import SummitryError
from summitry.model.scenario import Scenario
from summitry.workflows.spatial import accuracy, forecast


def _scenario(observed: dict[str, float] | None) -> Scenario:
    """Three actors, two issues; c*s weights 1, 1, 2 on each issue."""
    issues: dict[str, Any] = {
        "p": {"label": "p", "status_quo": 0.0},
        "q": {"label": "q", "status_quo": 0.0},
    }
    for iid, value in (observed or {}).items():
        issues[iid]["observed"] = value
    doc = {
        "id": "toy",
        "title": "toy",
        "as_of": dt.date(2020, 1, 1),
        "horizon": dt.date(2021, 1, 1),
        "actors": {k: {"name": k, "capability": cap} for k, cap in (("A", 1), ("B", 1), ("C", 2))},
        "issues": issues,
        "positions": {
            "A": {"p": {"ideal": 10, "salience": 1}, "q": {"ideal": 0, "salience": 1}},
            "B": {"p": {"ideal": 50, "salience": 1}, "q": {"ideal": 40, "salience": 1}},
            "C": {"p": {"ideal": 90, "salience": 1}, "q": {"ideal": 100, "salience": 1}},
        },
        "veto": {"signatories": ["A", "B", "C"]},
    }
    return Scenario.model_validate(doc)


def test_mae_and_share_beating_the_mean() -> None:
    """Mean: p = (10+50+180)/4 = 60, q = (0+40+200)/4 = 60; median (c*s, midpoint tie):
    p = 70, q = 70. Observed p = 65, q = 80: MAE mean = (5 + 20)/2 = 12.5, median =
    (5 + 10)/2 = 7.5; the median beats the mean on q only (tie on p)."""
    rows = accuracy([_scenario({"p": 65.0, "q": 80.0})], ["mean", "median"])
    by_model = {r.model: r for r in rows}
    assert by_model["mean"].mae == pytest.approx(12.5)
    assert by_model["median"].mae == pytest.approx(7.5)
    assert by_model["median"].beats_mean == pytest.approx(0.5)
    assert by_model["mean"].n_issues == 2
    assert by_model["median"].errors == (("toy", "p", 5.0), ("toy", "q", 10.0))


def test_issues_without_outcome_are_skipped() -> None:
    """Only issues with an observed value are scored."""
    rows = accuracy([_scenario({"q": 60.0})], ["mean"])
    assert rows[0].n_issues == 1
    assert rows[0].mae == pytest.approx(0.0)


def test_no_outcomes_is_an_error() -> None:
    """Scoring scenarios without any observed outcome is a user error with a fix."""
    with pytest.raises(SummitryError, match=r"no observed outcomes: record the real outcome"):
        accuracy([_scenario(None)], ["mean"])


def test_forecast_json_shape() -> None:
    """SpatialForecast.to_json: per-issue forecast, native value (none here), notes list."""
    out = forecast(_scenario(None), "nbs").to_json()
    assert out["model"] == "nbs"
    assert set(out["issues"]) == {"p", "q"}
    assert out["issues"]["p"]["native"] is None
    assert out["trajectory"] == []
    # A's ideal on q is the status quo 0: A cannot gain, so the NBS of q is undefined
    assert out["issues"]["q"]["forecast"] is None
    note = (
        "q: no outcome is better than the status quo 0 for every actor (an ideal at it, or "
        "ideals on both sides of it), so the Nash bargaining solution is undefined"
    )
    assert out["notes"] == [note]
    expected = nash_bargaining(np.array([10.0, 50.0, 90.0]), np.array([1.0, 1.0, 2.0]), 0.0)
    assert out["issues"]["p"]["forecast"] == pytest.approx(expected, abs=1e-6)
