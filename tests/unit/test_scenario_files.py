"""The bundled scenarios, variants, citations and the source text they cite."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from summitry.errors import InputError
from summitry.io.scenario import load_scenario
from summitry.model.citations import sentence_index, split_sentences

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SCENARIOS = ROOT / "scenarios"


@pytest.mark.parametrize(
    "name",
    [
        "putin-trump-talks.yaml",
        "putin-trump-talks.soft-lines.yaml",
        "textbook/fearon-range.yaml",
        "textbook/logroll.yaml",
    ],
)
def test_bundled_scenarios_are_valid(name: str) -> None:
    loaded = load_scenario(SCENARIOS / name)
    assert loaded.scenario.actors


def test_every_flagship_number_has_a_citation() -> None:
    s = load_scenario(SCENARIOS / "putin-trump-talks.yaml").scenario
    for aid, by_issue in s.positions.items():
        for iid, pos in by_issue.items():
            assert pos.cite, f"{aid}.{iid} has no cite"
            assert pos.why, f"{aid}.{iid} has no why"
    for aid, num in s.disagreement.cost.items():
        assert num.cite, aid


def test_soft_lines_variant_turns_every_red_line_off() -> None:
    base = load_scenario(SCENARIOS / "putin-trump-talks.yaml").scenario
    soft = load_scenario(SCENARIOS / "putin-trump-talks.soft-lines.yaml").scenario
    assert any(p.hard for by in base.positions.values() for p in by.values())
    assert not any(p.hard for by in soft.positions.values() for p in by.values())
    assert soft.id == "ukr-rus-anchorage-2025.soft-lines"
    assert soft.issues == base.issues


def _variant_of_fearon(tmp_path: Path, change: str) -> Path:
    """A variant file with one change, beside a copy of the Fearon textbook scenario."""
    base = SCENARIOS / "textbook" / "fearon-range.yaml"
    (tmp_path / "base.yaml").write_text(base.read_text(encoding="utf-8"), encoding="utf-8")
    variant = tmp_path / "v.yaml"
    variant.write_text(
        f"extends: base.yaml\nid: v\ntitle: V\nchanges:\n  - {change}\n", encoding="utf-8"
    )
    return variant


def test_variant_with_a_path_that_matches_nothing(tmp_path: Path) -> None:
    variant = _variant_of_fearon(tmp_path, "{path: positions.Z.X.hard, value: true}")
    with pytest.raises(InputError) as exc:
        load_scenario(variant)
    assert str(exc.value) == (
        f"{variant}:5:12: changes.0.path: path matches no field of the base scenario; "
        "got 'positions.Z.X.hard'; expected a dotted path to an existing field (* for any key). "
        "Fix: check the ids and field names along the path"
    )


def test_variant_changes_a_cost(tmp_path: Path) -> None:
    variant = _variant_of_fearon(tmp_path, "{path: disagreement.cost.B.value, value: 40}")
    s = load_scenario(variant).scenario
    assert s.disagreement.cost["B"].value == 40.0
    assert s.id == "v"


def test_sentence_splitting_keeps_abbreviations() -> None:
    assert split_sentences("The U.S. leader left. Talks ended! Why? Nobody knows.") == [
        "The U.S. leader left.",
        "Talks ended!",
        "Why?",
        "Nobody knows.",
    ]


def test_bundled_seed_is_the_founding_document() -> None:
    seed = SHARED / "seed" / "putin-trump-talks.txt"
    if not seed.exists():
        pytest.skip("../shared/seed is not beside this checkout")
    assert (SCENARIOS / "sources" / "putin-trump-talks.txt").read_bytes() == seed.read_bytes()


def test_sentence_ids_match_the_design_docs_appendix() -> None:
    """Every row of Appendix A of shared/design/flagship-scenario.md (84 sentences) resolves to
    exactly the quoted text."""
    doc = SHARED / "design" / "flagship-scenario.md"
    if not doc.exists():
        pytest.skip("../shared/design is not beside this checkout")
    text = doc.read_text(encoding="utf-8")
    rows = re.findall(
        r"^\| (L\d+\.s\d+) \| [^|]+ \| (.+) \|$", text[text.index("## Appendix A") :], re.M
    )
    assert len(rows) == 84
    index = sentence_index(
        (SCENARIOS / "sources" / "putin-trump-talks.txt").read_text(encoding="utf-8")
    )
    for sid, quoted in rows:
        assert index[sid] == quoted.strip(), sid
