"""Reference tests against Decide (decide-exchange-model 2025.3.1) on its own data.

Oracle: ``../shared/peers/decide/reference.json`` (values from running Decide on these files;
see ``../shared/design/bargaining-models.md`` §1.6).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from summitry.errors import InputError
from summitry.io.decide import (
    decide_to_scenario,
    format_decide,
    parse_decide,
    read_decide,
    scenario_to_decide,
)
from summitry.model.scenario import Scenario
from summitry.workflows.spatial import forecast

PEERS = Path(__file__).resolve().parents[2] / ".." / "shared" / "peers" / "decide"
pytestmark = pytest.mark.skipif(
    not PEERS.is_dir(), reason="peer data ../shared/peers/decide not present"
)


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    return json.loads((PEERS / "reference.json").read_text())  # type: ignore[no-any-return]


def _scenario(name: str) -> Scenario:
    doc = decide_to_scenario(read_decide(PEERS / f"{name}.csv"), as_of=dt.date(2015, 11, 1))
    return Scenario.model_validate(doc)


@pytest.mark.parametrize("name", ["cop21", "copenhagen"])
def test_compromise_weighted_mean(reference: dict[str, Any], name: str) -> None:
    """reference.json[<file>][<issue>].compromise_weighted_mean, to 4 decimals."""
    fc = forecast(_scenario(name), "mean")
    for iid, row in reference[name].items():
        got = fc.outcome[fc.issues.index(iid)]
        assert round(float(got), 4) == pytest.approx(row["compromise_weighted_mean"], abs=1e-9)


@pytest.mark.parametrize("name", ["cop21", "copenhagen"])
def test_closed_form_baselines(reference: dict[str, Any], name: str) -> None:
    """reference.json closed_form_baselines: weighted medians (c*s and c) and means by c."""
    scenario = _scenario(name)
    fcs = {m: forecast(scenario, m) for m in ("median", "median-capability", "mean-capability")}
    for iid, row in reference["closed_form_baselines"][name].items():
        d = fcs["median"].issues.index(iid)
        med = float(str(row["weighted_median_cap_x_sal"]).split(" ")[0])
        assert fcs["median"].outcome[d] == pytest.approx(med, abs=1e-9)
        assert fcs["median-capability"].outcome[d] == pytest.approx(
            float(row["weighted_median_cap"]), abs=1e-9
        )
        assert round(float(fcs["mean-capability"].outcome[d]), 2) == pytest.approx(
            row["mean_weighted_by_capability"], abs=1e-9
        )


@pytest.mark.parametrize("name", ["cop21.csv", "copenhagen.csv", "sample_data.txt"])
def test_round_trip_preserves_every_value(name: str) -> None:
    """Decide CSV -> scenario -> Decide CSV keeps every actor, issue, scale point and datum."""
    original = read_decide(PEERS / name)
    scenario = Scenario.model_validate(decide_to_scenario(original, as_of=dt.date(2015, 11, 1)))
    back = scenario_to_decide(scenario)
    assert back.values() == original.values()
    assert parse_decide(format_decide(back), "roundtrip.csv").values() == original.values()


def test_rescaled_issue_records_native_range() -> None:
    """sample_data.txt's tol-hoogte runs 0.5-7: positions rescaled, scale recorded."""
    scenario = Scenario.model_validate(
        decide_to_scenario(read_decide(PEERS / "sample_data.txt"), as_of=dt.date(2020, 1, 1))
    )
    issue = scenario.issues["tol-hoogte"]
    assert issue.native_range == (0.5, 7.0)
    assert scenario.positions["Willems"]["tol-hoogte"].ideal == pytest.approx(
        (3.0 - 0.5) / 6.5 * 100
    )


def test_bad_input_file_gives_located_errors() -> None:
    """copenhagen_with_errors.csv (Decide's own bad-input fixture): two located problems."""
    with pytest.raises(InputError) as info:
        read_decide(PEERS / "copenhagen_with_errors.csv")
    lines = [p.format() for p in info.value.problems]
    assert len(lines) == 2
    assert lines[0].startswith(
        f"{PEERS / 'copenhagen_with_errors.csv'}:86:19: D.Russia.Control.position: "
        "position is outside the issue's scale; got 160.0; expected a position in [0, 100]"
    )
    assert lines[1].startswith(
        f"{PEERS / 'copenhagen_with_errors.csv'}:87:32: D.China India.Control.power: "
        "power is negative; got -0.247; expected a power >= 0"
    )


# --------------------------------------------------------------------------- exchange model


@pytest.mark.parametrize("name", ["copenhagen", "cop21"])
def test_exchange_deterministic_trajectory(reference: dict[str, Any], name: str) -> None:
    """reference.json <file>_trajectory: 10 deterministic rounds (ALLOW_RANDOM=False), 2 decimals.

    Checks the realised exchanges per round, the preference outcome at the start of each round
    ("pref") and the voting outcome after each round ("vote"), plus round 1 and round 10 to 4
    decimals (reference.json[<file>][<issue>].exchange_round1/10_deterministic).
    """
    fc = forecast(_scenario(name), "exchange", rounds=10)
    traj = reference[f"{name}_trajectory"]
    assert fc.details["exchanges_per_round"] == traj["exchanges_per_round"]
    for d, iid in enumerate(fc.issues):
        vote = [round(float(row[d]), 2) for row in fc.trajectory[1:]]
        pref = [round(p[iid], 2) for p in fc.details["preference_outcome"]]
        assert vote == pytest.approx(traj["issues"][iid]["vote"], abs=1e-9), iid
        assert pref == pytest.approx(traj["issues"][iid]["pref"], abs=1e-9), iid
        assert round(float(fc.trajectory[1][d]), 4) == pytest.approx(
            reference[name][iid]["exchange_round1_deterministic"], abs=1e-9
        )
        assert round(float(fc.outcome[d]), 4) == pytest.approx(
            reference[name][iid]["exchange_round10_deterministic"], abs=1e-9
        )


def test_exchange_random_ties_seeded() -> None:
    """Seeded random tie-breaking: same seed, same trajectory; other seeds may differ."""
    scenario = _scenario("copenhagen")
    a = forecast(scenario, "exchange", rounds=3, tie_break="random", rng=11)
    b = forecast(scenario, "exchange", rounds=3, tie_break="random", rng=11)
    assert [row.tolist() for row in a.trajectory] == [row.tolist() for row in b.trajectory]
    others = {
        tuple(forecast(scenario, "exchange", rounds=3, tie_break="random", rng=k).outcome.round(6))
        for k in range(6)
    }
    assert len(others) > 1
