"""Reference tests against KTAB's SMP inputs (``../shared/peers/ktab/reference.json``)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from summitry.engines.spatial.smp import run_smp
from summitry.errors import InputError
from summitry.io.ktab import ktab_to_scenario, read_ktab
from summitry.model.scenario import Scenario
from summitry.workflows.spatial import forecast

PEERS = Path(__file__).resolve().parents[2] / ".." / "shared" / "peers" / "ktab"
pytestmark = pytest.mark.skipif(not PEERS.is_dir(), reason="peer data ../shared/peers/ktab absent")


def _runs() -> dict[str, Any]:
    if not PEERS.is_dir():
        return {}
    return json.loads((PEERS / "reference.json").read_text())["runs"]  # type: ignore[no-any-return]


@pytest.mark.parametrize(("name", "run"), list(_runs().items()))
def test_wmean0_equals_compromise(name: str, run: dict[str, Any]) -> None:
    """reference.json runs.<file>.wmean0 (capability x salience mean of initial positions)."""
    data = read_ktab(PEERS / name)
    assert len(data.actors) == run["actors"]
    assert len(data.dimensions) == run["dims"]
    scenario = Scenario.model_validate(ktab_to_scenario(data, as_of=dt.date(2017, 5, 30)))
    fc = forecast(scenario, "mean")
    assert [round(float(v), 2) for v in fc.outcome] == pytest.approx(run["wmean0"], abs=1e-9)


def test_shipped_smp_example_xml_reports_empty_coordinate() -> None:
    """KTAB's smpExample.xml as shipped has an empty first <dCoord> (design note §2.3)."""
    with pytest.raises(InputError) as info:
        read_ktab(PEERS / "smpExample.xml")
    first = info.value.problems[0]
    assert (first.line, first.path, first.message) == (
        32,
        "Actors.Alice.Position[0]",
        "empty coordinate",
    )


# --------------------------------------------------------------------------- SMP engine

LOGS = {
    "dummyData_3Dim.csv": "20170530_ref-dummyData_3Dim.txt",
    "SOE-Pol-Comp.csv": "20170530_ref-SOE-Pol-Comp.txt",
}


def _arrays(name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    data = read_ktab(PEERS / name)
    x = np.array([a.position for a in data.actors])
    s = np.array([a.salience for a in data.actors])
    c = np.array([a.capability for a in data.actors])
    return x, s, c


@pytest.mark.parametrize("name", sorted(LOGS))
def test_smp_reproduces_ktab_reference_log(name: str) -> None:
    """KTAB's 2017 reference logs (20170530_ref-*.txt): every "Fractional change" line and
    every actor's per-turn win-probability line (the check of KTAB's SMPC_RefRuns_Compare.sh)."""
    text = (PEERS / LOGS[name]).read_text()
    fractions = [
        float(v)
        for v in re.findall(
            r"Fractional change compared to first step: "
            r"([0-9.]+)",
            text,
        )
    ]
    probs = {
        m.group(1): [float(v) for v in m.group(2).split()]
        for m in re.finditer(r"^(\S+), prob : (.*)$", text, re.MULTILINE)
    }
    res = run_smp(*_arrays(name))
    assert np.round(res.change_ratio, 4).tolist() == fractions
    for k, actor in enumerate(read_ktab(PEERS / name).actors):
        assert np.round(res.probabilities[:, k], 4).tolist() == probs[actor.name], actor.name


@pytest.mark.parametrize("name", ["dummyData_3Dim.csv", "SOE-Pol-Comp.csv"])
def test_smp_final_positions_and_probabilities(name: str) -> None:
    """reference.json runs.<file>: turns and final positions / win probabilities (2 and 4
    decimals), through the importer and `forecast(..., "smp")`."""
    run = _runs()[name]
    scenario = Scenario.model_validate(
        ktab_to_scenario(read_ktab(PEERS / name), as_of=dt.date(2017, 5, 30))
    )
    fc = forecast(scenario, "smp")
    assert fc.details["turns"] == run["turns"]
    for actor, row in run["final"].items():
        got = [round(v, 2) for v in fc.details["final_positions"][actor].values()]
        assert got == pytest.approx(row[:-1], abs=1e-9), actor
        assert round(fc.details["win_probability"][actor], 4) == pytest.approx(row[-1], abs=1e-9)


@pytest.mark.parametrize(
    "name",
    [
        "dummyData_3Dim.csv",
        "SOE-Pol-Comp.csv",
        "SOE-Policy.csv",
        "SOE-Competitive.csv",
        "dummyData_6Dim.csv",
        "dummyData-a040.csv",
        "dummyData-a080.csv",
    ],
)
def test_smp_turns_and_expected_outcomes(name: str) -> None:
    """reference.json runs.<file>: turn count exact; expected position at turn 0 and at the end
    within 0.025 (the reference groups near-equal positions of a 2-decimal log, design note §2.4;
    summitry sums over the model's own distinct positions)."""
    run = _runs()[name]
    res = run_smp(*_arrays(name))
    assert res.turns == run["turns"]
    assert res.expected[0] == pytest.approx(run["expected_turn0"], abs=0.025)
    assert res.expected[-1] == pytest.approx(run["expected_final"], abs=0.025)
