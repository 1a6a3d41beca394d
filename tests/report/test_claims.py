"""The article check: claims are computed from the results and tested, never tuned."""

from __future__ import annotations

from pathlib import Path

import pytest

from summitry.errors import InputError
from summitry.io.scenario import load_scenario
from summitry.model.scenario import Claim
from summitry.report.document.builders import evaluate_claim
from tests.report._helpers import TWO_ACTORS, estimate, horizon, results, scenario_file, simulation


def _results(tmp_path: Path) -> object:
    path = scenario_file(tmp_path, TWO_ACTORS, RES_A=70, RES_B=40, HARD=True, COST=10)
    hz = horizon({"O6_SETTLEMENT": 40, "O3_LIMITED_DEALS": 700, "O1_ESCALATION": 260})
    base = simulation({"settlement": estimate(0, 1000, 0.0, 0.0038)}, horizon=hz)
    variant = simulation({"settlement": estimate(320, 1000, 0.29, 0.35)}, horizon=hz)
    comp = {
        "seed": 11,
        "draws": 1000,
        "base": {"id": "two", "file": "scenario.yaml", "simulation": base},
        "variants": [
            {
                "id": "two.v2-mediation",
                "file": "two.v2-mediation.yaml",
                "title": "t",
                "simulation": variant,
                "delta": {"O3_LIMITED_DEALS": {"dp": 0.02, "diff95": [-0.01, 0.05]}},
            }
        ],
    }
    return results(path, simulation=base, comparison=comp)


@pytest.mark.parametrize(
    ("quantity", "variant", "test", "value", "verdict"),
    [
        (
            "horizon.outcomes.O6_SETTLEMENT",
            None,
            "< 0.33",
            "0.04 [0.01, 0.07]",
            "agrees (whole 95% interval)",
        ),
        (
            "horizon.outcomes.O3_LIMITED_DEALS",
            None,
            "< 0.33",
            "0.70 [0.67, 0.73]",
            "disagrees (whole 95% interval)",
        ),
        (
            "outcomes.settlement",
            "v2-mediation",
            "< 0.33",
            "0.32 [0.29, 0.35]",
            "agrees at the estimate; the 95% interval straddles the threshold",
        ),
        (
            "delta.O3_LIMITED_DEALS",
            "v2-mediation",
            "> 0.1",
            "+0.020 [-0.010, +0.050]",
            "disagrees (whole 95% interval)",
        ),
        ("horizon.modal_group", None, "== continued_conflict", "continued_conflict", "agrees"),
        ("horizon.modal", None, "== O6_SETTLEMENT", "O3_LIMITED_DEALS", "disagrees"),
        ("analysis.package.deal", None, "is false", "false", "agrees"),
        (
            "horizon.outcomes.O6_SETTLEMENT",
            None,
            "in [0.1, 0.5]",
            "0.04 [0.01, 0.07]",
            "disagrees (whole 95% interval)",
        ),
        (
            "horizon.indicators.ceasefire_collapse_given_agreed",
            None,
            "> 0.66",
            "-",
            "not computed (no draw meets the condition)",
        ),
        (
            "horizon.indicators.allied_divergence",
            None,
            "> 0.66",
            "-",
            "not computed (horizon.indicators.allied_divergence is not computed in this run)",
        ),
        (
            "outcomes.settlement",
            "v9-missing",
            "< 0.33",
            "-",
            "not computed (variant v9-missing not run)",
        ),
        (
            "gmcr.hypotheses.H4.holds",
            None,
            "is true",
            "-",
            "not computed (gmcr.hypotheses.H4.holds is not computed in this run)",
        ),
    ],
)
def test_evaluate_claim(
    tmp_path: Path, quantity: str, variant: str | None, test: str, value: str, verdict: str
) -> None:
    claim = Claim(id="C", text="t", quantity=quantity, variant=variant, test=test)
    got = evaluate_claim(claim, _results(tmp_path))  # type: ignore[arg-type]
    assert (got.value, got.verdict) == (value, verdict)


def test_bad_claim_test_is_a_located_input_error(tmp_path: Path) -> None:
    text = scenario_file(tmp_path, TWO_ACTORS, RES_A=0, RES_B=100, HARD=False, COST=10).read_text()
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        text + "claims:\n  - {id: C1, text: x, quantity: outcomes.settlement, test: 'roughly 3'}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"bad\.yaml:\d+:\d+: claims\.0\.test: "):
        load_scenario(bad)


def test_claim_seed_citations_are_checked(tmp_path: Path) -> None:
    text = scenario_file(tmp_path, TWO_ACTORS, RES_A=0, RES_B=100, HARD=False, COST=10).read_text()
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        text
        + "claims:\n  - {id: C1, text: x, cite: NOPE, quantity: outcomes.settlement, "
        + "test: '< 1'}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"claims\.0\.cite"):
        load_scenario(bad)
