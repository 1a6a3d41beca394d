"""The text rendering of ``summitry.sensitivity/1`` documents (report/sensitivity.py)."""

from __future__ import annotations

from typing import Any

from summitry.report.sensitivity import inverse_sentence, render_text


def _change(name: str, frm: float, to: float, u: float) -> dict[str, Any]:
    return {"input": name, "from": frm, "to": to, "u": u}


def _doc(inverse: dict[str, Any]) -> dict[str, Any]:
    base = {"base_p": 0.2, "competitor": "nothing", "competitor_p": 0.8}
    return {
        "format": "summitry.sensitivity/1",
        "scenario": {"id": "s", "sha256": "0"},
        "seed": 9,
        "target": "settlement",
        "competitors": ["limited_only", "nothing"],
        "draws": 8,
        "inputs": ["a", "b"],
        "model_runs": {"inverse": 80},
        "sobol": None,
        "morris": None,
        "tornado": None,
        "inverse": {
            **base,
            "already_most_likely": False,
            "single": [],
            "pairs": [],
            "pair_inputs": [],
            "found": False,
            **inverse,
        },
    }


def test_single_change_sentence() -> None:
    doc = _doc(
        {
            "single": [
                {
                    "changes": [_change("a", 65.0, 60.0, 1 / 3)],
                    "p": 0.51,
                    "competitor_p": 0.49,
                    "most_likely": True,
                }
            ],
            "found": True,
        }
    )
    text = inverse_sentence(doc)
    assert text.startswith("P(settlement) = 0.2000 against 0.8000 for the most likely competitor")
    assert "a lowered from its median 65 to 60 (its 33.3th percentile)" in text
    assert "P(settlement) = 0.51000 exceeds 0.49000." in text


def test_pair_and_nothing_sentences() -> None:
    pair = {
        "changes": [_change("a", 65.0, 54.0, 0.3), _change("b", 40.0, 54.0, 0.7)],
        "p": 1.0,
        "competitor_p": 0.0,
        "most_likely": True,
    }
    text = inverse_sentence(_doc({"pairs": [pair], "pair_inputs": ["a", "b"], "found": True}))
    assert "no single input suffices, but the pair a lowered" in text
    assert "b raised from its median 40 to 54 (its 70.0th percentile)" in text
    single = {"changes": [_change("a", 65.0, 80.0, 1.0)], "p": 0.3, "competitor_p": 0.7}
    none = inverse_sentence(
        _doc({"single": [{**single, "most_likely": False}], "pair_inputs": ["a", "b"]})
    )
    assert "no single input anywhere in its uncertainty range, and no pair" in none
    assert "(a, b)" in none
    assert "the closest single change, a raised from its median 65 to 80" in none
    assert "already" not in none


def test_already_most_likely_and_the_seed_first() -> None:
    doc = _doc({"already_most_likely": True, "found": True, "base_p": 0.9})
    assert inverse_sentence(doc).endswith("nothing has to change.")
    text = render_text(doc)
    assert (
        text.splitlines()[0] == "Sensitivity of P(settlement) in 's': seed 9 (repeat with --seed 9)"
    )
    assert "What would have to change:" in text


def test_constant_sobol_is_said_in_words() -> None:
    doc = _doc({})
    doc["sobol"] = [{"input": "a", "S1": 0.0, "S1_95": [0, 0], "ST": 0.0, "ST_95": [0, 0]}]
    doc["sobol_design"] = {"n": 8, "mean": 0.0, "variance": 0.0, "constant": True}
    assert "is constant (0.0000) over the whole design" in render_text(doc)
