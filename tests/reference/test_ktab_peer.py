"""Reference tests against KTAB's SMP inputs (``../shared/peers/ktab/reference.json``)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

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
