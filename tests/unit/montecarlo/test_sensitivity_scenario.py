r"""Sensitivity of a scenario's outcome probability: closed forms on a Fearon (1995) dispute.

The scenario :data:`FEARON`: one issue X (A's share, 0-100), disagreement outcome 50. A has a
hard reservation :math:`R = 50 + 30U` (A accepts :math:`x \ge R`); B (ideal 0, salience 1) has
a cost of war :math:`c = 20V` and accepts :math:`x \le 50 + c` (Fearon 1995, "War is costly":
the range is :math:`[p - c_A, p + c_B]`); A's cost 50 never binds. A's capability is uncertain
but does not enter the zone. So a settlement exists iff :math:`R < 50 + c`, i.e.
:math:`V > 1.5U`, and with :math:`U, V \sim U(0, 1)`:

* :math:`P(\text{settlement}) = \int_0^{2/3} (1 - 1.5u)\,du = 1/3`; otherwise ``nothing``;
* :math:`E[Y | U] = (1 - 1.5U)^+`, :math:`E[Y | V] = 2V/3`, :math:`V(Y) = 2/9`, so
  :math:`S_U = (1/9)/(2/9) = 1/2`, :math:`S_V = (1/27)/(2/9) = 1/6`, and (no third input
  matters) :math:`S_{TU} = 1 - S_V = 5/6`, :math:`S_{TV} = 1 - S_U = 1/2`;
* tornado: :math:`P(Y | R = 53) = 1 - 3/20 = 0.85`, :math:`P(Y | R = 77) = 0`,
  :math:`P(Y | c = 2) = 2/30`, :math:`P(Y | c = 18) = 18/30`;
* inverse search: settlement beats ``nothing`` iff its probability exceeds 1/2:
  :math:`P(Y | R = r) = (70 - r)/20 > 1/2 \iff r < 60` (quantile 1/3), and
  :math:`P(Y | c) = c/30 > 1/2 \iff c > 15` (quantile 3/4).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from summitry.engines.montecarlo import simulate
from summitry.engines.montecarlo.horizon import CATEGORIES as HORIZON_CATEGORIES
from summitry.engines.montecarlo.sensitivity import (
    Indicators,
    SensitivityError,
    competitors_of,
    indicator_names,
    inverse_search,
    tornado,
)
from summitry.io.scenario import LoadedScenario, load_scenario
from summitry.model.scenario import Scenario
from summitry.workflows.sensitivity import run_sensitivity

ROOT = Path(__file__).resolve().parents[3]
TEXTBOOK = ROOT / "scenarios" / "textbook" / "fearon-range.yaml"

FEARON = """\
id: fearon-uncertain
title: Fearon range with an uncertain red line and cost
as_of: 2000-01-01
horizon: 2001-01-01
sources:
  Fearon1995: {title: "Fearon (1995) Rationalist Explanations for War, IO 49(3)"}
actors:
  A: {name: State A, kind: belligerent, capability: {range: [1, 2]}}
  B: {name: State B, kind: belligerent, capability: 1}
issues:
  X: {label: Share, status_quo: 50, anchors: {0: all to B, 100: all to A}}
positions:
  A:
    X: {ideal: 100, salience: 1, hard: true, reservation: {range: [50, 80]}}
  B:
    X: {ideal: 0, salience: 1}
disagreement:
  outcome:
    X: {value: 50}
  cost: {A: 50, B: {range: [0, 20]}}
veto:
  signatories: [A, B]
"""

RES = "positions.A.X.reservation"
COST = "disagreement.cost.B.value"
CAP = "actors.A.capability"
N = 256
"""Base draws: every settled draw solves an LP (about 1 ms), so the tests stay small."""


@pytest.fixture(scope="module")
def fearon(tmp_path_factory: pytest.TempPathFactory) -> LoadedScenario:
    path = tmp_path_factory.mktemp("sens") / "fearon.yaml"
    path.write_text(FEARON, encoding="utf-8")
    return load_scenario(path)


@pytest.fixture(scope="module")
def doc(fearon: LoadedScenario) -> dict[str, object]:
    return run_sensitivity(fearon, draws=N, seed=1995, n_resamples=199)


def _se(p: float, n: int) -> float:
    return math.sqrt(p * (1 - p) / n)


def test_sobol_indices_match_the_closed_form(doc: dict[str, object]) -> None:
    """Each closed-form index lies in its 95% bootstrap interval (widened by 0.02)."""
    rows = {r["input"]: r for r in doc["sobol"]}  # type: ignore[attr-defined]
    assert [r["input"] for r in doc["sobol"]] == [RES, COST, CAP]  # type: ignore[attr-defined]
    for name, s1, st in ((RES, 1 / 2, 5 / 6), (COST, 1 / 6, 1 / 2)):
        lo, hi = rows[name]["S1_95"]
        assert lo - 0.02 <= s1 <= hi + 0.02
        lo, hi = rows[name]["ST_95"]
        assert lo - 0.02 <= st <= hi + 0.02
        assert rows[name]["ST"] == pytest.approx(st, abs=0.1)
    assert rows[CAP]["ST"] == 0.0
    assert rows[CAP]["ST_95"] == [0.0, 0.0]
    mean = doc["sobol_design"]["mean"]  # type: ignore[index]
    assert mean == pytest.approx(1 / 3, abs=4 * _se(1 / 3, 2 * N))


def test_morris_ranks_the_red_line_first_and_finds_the_inert_input(
    doc: dict[str, object],
) -> None:
    rows = doc["morris"]
    assert [r["input"] for r in rows][:2] == [RES, COST]  # type: ignore[attr-defined]
    by = {r["input"]: r for r in rows}  # type: ignore[attr-defined]
    assert by[CAP]["mu_star"] == 0.0
    assert by[RES]["mu"] < 0 < by[COST]["mu"]  # a higher red line hurts, a higher cost helps


def test_tornado_matches_the_conditional_probabilities(doc: dict[str, object]) -> None:
    n = N
    rows = {r["input"]: r for r in doc["tornado"]}  # type: ignore[attr-defined]
    assert [r["input"] for r in doc["tornado"]] == [RES, COST, CAP]  # type: ignore[attr-defined]
    res, cost, cap = rows[RES], rows[COST], rows[CAP]
    assert res["low"]["value"] == pytest.approx(53.0)
    assert res["high"]["value"] == pytest.approx(77)
    assert cost["low"]["value"] == pytest.approx(2.0)
    assert cost["high"]["value"] == pytest.approx(18)
    assert res["low"]["p"] == pytest.approx(0.85, abs=4 * _se(0.85, n))
    assert res["high"]["p"] == 0.0
    assert cost["low"]["p"] == pytest.approx(2 / 30, abs=4 * _se(2 / 30, n))
    assert cost["high"]["p"] == pytest.approx(0.6, abs=4 * _se(0.6, n))
    assert cap["swing"] == 0.0
    assert cap["low"]["p"] == cap["high"]["p"] == doc["base_p"]
    assert doc["base_p"] == pytest.approx(1 / 3, abs=4 * _se(1 / 3, n))


def test_inverse_search_finds_the_closed_form_thresholds(doc: dict[str, object]) -> None:
    inv = doc["inverse"]
    assert inv["competitor"] == "nothing"
    assert not inv["already_most_likely"]
    assert inv["found"]
    assert inv["pairs"] == []
    single = {t["changes"][0]["input"]: t for t in inv["single"]}  # type: ignore[index]
    res, cost, cap = single[RES], single[COST], single[CAP]
    # dP/dr = 1/20 and dP/dc = 1/30: 4 s.e. of P at 256 draws is 0.125, i.e. 2.5 and 3.75
    # units of r and c
    assert res["most_likely"]
    assert res["changes"][0]["to"] == pytest.approx(60.0, abs=2.5)
    assert res["changes"][0]["from"] == pytest.approx(65.0)
    assert res["changes"][0]["u"] == pytest.approx(1 / 3, abs=2.5 / 30)
    assert cost["most_likely"]
    assert cost["changes"][0]["to"] == pytest.approx(15.0, abs=3.75)
    assert cost["changes"][0]["u"] == pytest.approx(3 / 4, abs=3.75 / 20)
    assert res["p"] > res["competitor_p"]
    assert cost["p"] > cost["competitor_p"]
    assert not cap["most_likely"]
    assert cap["p"] == doc["base_p"]
    assert inv["single"][0]["changes"][0]["input"] == RES  # the smaller change comes first
    assert inv["single"][-1]["changes"][0]["input"] == CAP  # type: ignore[index]


def test_base_draws_are_those_of_simulate(fearon: LoadedScenario) -> None:
    """The tornado's base probability is simulate's estimate on the same seed and draws."""
    p, _ = tornado(fearon.scenario, "settlement", draws=300, seed=4)
    sim = simulate(fearon.scenario, seed=4, max_draws=300)
    assert p == sim.outcomes["settlement"].p


def _two_lines(tmp: Path) -> Scenario:
    text = FEARON.replace(
        "X: {ideal: 0, salience: 1}",
        "X: {ideal: 0, salience: 1, hard: true, reservation: {range: [20, 60]}}",
    ).replace("{range: [0, 20]}", "100")
    path = tmp / "two.yaml"
    path.write_text(text, encoding="utf-8")
    return load_scenario(path).scenario


def test_pairs_when_no_single_change_suffices(tmp_path: Path) -> None:
    r"""Two hard red lines, A's :math:`R_A \sim U[50, 80]` (A accepts :math:`x \ge R_A`) and B's
    :math:`R_B \sim U[20, 60]` (B accepts :math:`x \le R_B`), costs too high to bind: a
    settlement iff :math:`R_A < R_B`. Alone, the best single change gives
    :math:`P(R_B > 50) = 1/4` or :math:`P(R_A < 60) = 1/3`, never above "nothing". Moving both
    by the same quantile distance :math:`t` gives :math:`R_A = 65 - 60t`, :math:`R_B = 40 +
    80t`, a certain settlement iff :math:`t > 25/140`: both at :math:`54.29` (no sampling
    error: with both fixed the outcome is the same in every draw)."""
    scenario = _two_lines(tmp_path)
    inv = inverse_search(scenario, "settlement", draws=N, seed=2)
    assert not any(t.most_likely for t in inv.single)
    assert inv.found
    best = inv.pairs[0]
    assert best.most_likely
    assert best.p == 1.0
    by = {s.name: s for s in best.changes}
    assert set(by) == {RES, "positions.B.X.reservation"}
    assert by[RES].to == pytest.approx(65 - 60 * 25 / 140, abs=0.2)
    assert by["positions.B.X.reservation"].to == pytest.approx(40 + 80 * 25 / 140, abs=0.3)
    assert by[RES].from_ == 65.0


def test_unknown_target_lists_the_names(fearon: LoadedScenario) -> None:
    with pytest.raises(SensitivityError) as err:
        run_sensitivity(fearon, draws=16, seed=1, target="peace")
    msg = str(err.value)
    assert msg.startswith("unknown target 'peace'; expected one of settlement, limited_only")
    assert "Fix: pass --target" in msg
    with pytest.raises(SensitivityError, match="unknown sensitivity method 'fast'"):
        run_sensitivity(fearon, draws=16, seed=1, methods=["fast"])


def test_competitors() -> None:
    names = ("settlement", "limited_only", "nothing", "side:POW")
    assert competitors_of("settlement", names) == ("limited_only", "nothing")
    assert competitors_of("side:POW", names) is None
    horizon = (*HORIZON_CATEGORIES, "lasting_peace_proxy")
    assert competitors_of("lasting_peace_proxy", names + horizon) == (
        "O7_DECISIVE",
        "O4_FAILED_CEASEFIRE",
        "O3_LIMITED_DEALS",
        "O2_TALKS_ONLY",
        "O1_ESCALATION",
    )
    assert len(competitors_of("O6_SETTLEMENT", horizon) or ()) == 6


def test_complement_target_is_most_likely_above_one_half(tmp_path: Path) -> None:
    r"""``blocked:X`` in the two-line dispute (the red lines cross, :math:`R_A > R_B`) is not in
    a partition, so it competes with its complement; :math:`P(R_A < R_B) = \int_0^{1/3}
    (1/4 - 3u/4)\,du = 1/24`, so :math:`P = 23/24 > 1/2`: already the most likely outcome."""
    inv = inverse_search(_two_lines(tmp_path), "blocked:X", draws=N, seed=3)
    assert inv.competitor == "not blocked:X"
    assert inv.already
    assert inv.found
    assert inv.single == ()
    assert inv.base_p == pytest.approx(23 / 24, abs=4 * _se(23 / 24, N))


def test_textbook_fearon_range_has_nothing_uncertain() -> None:
    """scenarios/textbook/fearon-range.yaml: no uncertain input and no ratifier -- an empty
    cube; its settlement is certain (the range [50, 75] is a deal)."""
    loaded = load_scenario(TEXTBOOK)
    doc = run_sensitivity(loaded, draws=8, seed=1)
    assert doc["inputs"] == []
    assert doc["sobol"] == []
    assert doc["tornado"] == []
    assert doc["base_p"] == 1.0
    assert doc["inverse"]["already_most_likely"]


def test_same_seed_same_document_and_workers_do_not_matter(fearon: LoadedScenario) -> None:
    kw = {"draws": 32, "seed": 77, "n_resamples": 49}
    one = run_sensitivity(fearon, **kw)  # type: ignore[arg-type]
    assert run_sensitivity(fearon, **kw) == one  # type: ignore[arg-type]
    assert run_sensitivity(fearon, workers=2, **kw) == one  # type: ignore[arg-type]
    other = run_sensitivity(fearon, draws=32, seed=78, n_resamples=49, methods=["tornado"])
    assert other["tornado"] != one["tornado"]


def test_indicators_are_picklable_and_named(fearon: LoadedScenario) -> None:
    import pickle

    import numpy as np

    func = Indicators(fearon.scenario, ("settlement", "nothing"))
    again = pickle.loads(pickle.dumps(func))
    u = np.random.default_rng(1).random((50, 3))
    assert np.array_equal(func(u), again(u))
    assert np.all(func(u).sum(axis=1) == 1.0)
    assert "blocked:X" in indicator_names(fearon.scenario)
