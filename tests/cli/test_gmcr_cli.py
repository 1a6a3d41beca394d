"""``summitry gmcr``: text/JSON/DOT output, gmcr-py compatibility, status quo, errors (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summitry.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
PEERS = ROOT / ".." / "shared" / "peers" / "gmcr-py"
ELMIRA = ROOT / "scenarios" / "elmira.gmcr.yaml"
FLAGSHIP = ROOT / "scenarios" / "putin-trump-talks.yaml"
runner = CliRunner()
needs_peers = pytest.mark.skipif(not PEERS.is_dir(), reason="../shared/peers/gmcr-py not present")


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["gmcr", *args])
    return result.exit_code, result.stdout, result.stderr


@needs_peers
@pytest.mark.parametrize(
    ("compat", "key"), [([], "textbook"), (["--compat", "gmcr-py"], "gmcr_py")]
)
def test_json_matches_peer_results(compat: list[str], key: str) -> None:
    """JSON has states, stable ({concept: {dm: [0/1]}}) and equilibria in gmcr-py numbers."""
    code, out, _ = run(str(PEERS / "Garrison.gmcr"), "--format", "json", *compat)
    assert code == 0
    data = json.loads(out)
    exp = json.loads((PEERS / "expected" / "Garrison.json").read_text())
    assert data["states"] == exp["states"]
    names = [d["name"] for d in exp["decision_makers"]]
    for concept in ("Nash", "GMR", "SEQ", "SMR", "SIM"):
        assert [data["stable"][concept.lower()][n] for n in names] == exp[key]["stable_per_dm"][
            concept
        ]
        assert data["equilibria"][concept.lower()] == exp[key]["equilibria"][concept]
    assert data["rule"] == ("gmcr-py" if compat else "textbook")
    assert ("seq&sim" in data["equilibria"]) == bool(compat)


def test_text_report_with_status_quo() -> None:
    """Text output lists equilibria and the shortest path from the status quo."""
    code, out, _ = run(str(ELMIRA), "--status-quo", "NYNNN")
    assert code == 0
    assert "NASH     (6): 5, 6, 7, 10, 11, 12" in out
    assert "-> 10 [NASH/GMR/SEQ/SMR/SIM]: 3 moves: 1 -LG-> 7 -Uniroyal-> 9 -MoE-> 10" in out


def test_dot_and_export(tmp_path: Path) -> None:
    """DOT draws the status quo and equilibria; --export-gmcr writes a readable .gmcr file."""
    target = tmp_path / "elmira.gmcr"
    code, out, _ = run(str(ELMIRA), "--format", "dot", "--export-gmcr", str(target))
    assert code == 0
    assert out.startswith("digraph gmcr {")
    assert 's1 -> s7 [label="LG", style=solid];' in out
    code, out, _ = run(str(target), "--format", "json", "--status-quo", "1")
    assert code == 0
    data = json.loads(out)
    assert data["equilibria"]["nash"] == [5, 6, 7, 10, 11, 12]
    edges = data["status_quo"]["graph"]["edges"]
    assert {"from": 1, "to": 7, "mover": "LG", "on_improvement_path": True} in edges


def test_flagship_hypotheses_reported() -> None:
    """The flagship's H1-H4 come back as computed verdicts (not asserted either way)."""
    code, out, _ = run(str(FLAGSHIP), "--format", "json")
    assert code == 0
    data = json.loads(out)
    hyps = {h["id"]: h for h in data["hypotheses"]}
    assert set(hyps) == {"H1", "H2a", "H2b", "H2c", "H3", "H4"}
    for h in hyps.values():
        assert h["holds"] in (True, False)
        assert h["computed"]
    assert data["status_quo"]["yn"] == "NNYNNYNNY"


def test_limited_move_coalition_inverse() -> None:
    """--horizon, --coalition and --desired/--vary add their sections."""
    code, out, _ = run(
        str(ELMIRA),
        "--coalition",
        "MoE+Uniroyal",
        "--desired",
        "10",
        "--vary",
        "LG=0:3",
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["coalition"]["movers"] == ["MoE+Uniroyal", "LG"]
    assert data["coalition"]["equilibria"]["nash"] == [5, 6, 9, 10, 11, 12]
    assert data["inverse"]["profiles_tried"] == 6
    code, out, err = run(str(ELMIRA), "--horizon", "2")
    assert code == 2
    assert err.strip() == (
        "<command line>:0:0: --horizon: limited-move stability needs exactly 2 DMs; got 3; "
        "expected a 2-DM model without coalitions. Fix: drop --horizon for this model"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--status-quo", "99"],
            (
                "<command line>:0:0: --status-quo: no such state; got '99'; "
                "expected a state number from 1 to 12 or a YN string of 5 letters"
                " (option 1 first). Fix: list the states with --format text and "
                "pick a number"
            ),
        ),
        (
            ["--status-quo", "YYYNN"],
            (
                "<command line>:0:0: --status-quo: state is infeasible; got "
                "'YYYNN'; expected a feasible state. Fix: pick a state that "
                "satisfies no infeasibility condition"
            ),
        ),
        (
            ["--vary", "MoE=0:2"],
            (
                "<command line>:0:0: --vary: --vary needs --desired; got "
                "['MoE=0:2']; expected --desired STATE together with --vary. Fix:"
                " add --desired STATE"
            ),
        ),
        (
            ["--coalition", "MoE+Nobody"],
            (
                "<command line>:0:0: --coalition: unknown or repeated DM;"
                " got 'Nobody'; expected DM names joined by + (MoE, "
                "Uniroyal, LG), each DM once. Fix: write e.g. --coalition "
                "'MoE+Uniroyal'"
            ),
        ),
        (
            ["--max-states", "5"],
            (
                "error: model has more than 5 feasible states; expected at most 5."
                " Fix: add infeasibility conditions, drop options, or raise the "
                "limit (--max-states)"
            ),
        ),
    ],
)
def test_user_errors_exit_2(args: list[str], message: str) -> None:
    """Bad options give one located line on stderr and exit status 2, never a traceback."""
    code, out, err = run(str(ELMIRA), *args)
    assert code == 2
    assert err.strip() == message
    assert "Traceback" not in out + err


def test_bad_file_is_located(tmp_path: Path) -> None:
    """A broken .gmcr file is reported at its line and column."""
    bad = tmp_path / "bad.gmcr"
    bad.write_text(
        '{"options": [],\n "decisionMakers": [], "infeasibles": 3,\n'
        ' "useManualPreferenceRanking": false}\n'
    )
    code, _, err = run(str(bad))
    assert code == 2
    assert f"{bad}:2:39: infeasibles: 'infeasibles' is not a list; got 3" in err
    missing = tmp_path / "missing.gmcr"
    code, _, err = run(str(missing))
    assert code == 2
    assert err.startswith(f"{missing}:")
    assert "file not found" in err


PD = """\
gmcr:
  title: Prisoners' dilemma
  options:
    One: {C1: "cooperate"}
    Two: {C2: "cooperate"}
  preferences:
    One: ["C2", "-C1"]
    Two: ["C1", "-C2"]
  status_quo: {C1: 0, C2: 0}
"""


def test_horizon_and_text_sections(tmp_path: Path) -> None:
    """--horizon adds L_h; mutual cooperation (state 4) is L_2- but not Nash-stable."""
    path = tmp_path / "pd.yaml"
    path.write_text(PD)
    code, out, _ = run(str(path), "--horizon", "2", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["equilibria"]["nash"] == [1]
    assert data["limited_move"]["equilibria"] == [1, 4]
    code, out, _ = run(str(path), "--horizon", "2")
    assert "L_2      (2): 1, 4" in out
    assert "Status quo: state 1 (NN)" in out


def test_flagship_text_and_sequence_coalitions() -> None:
    """Text lists the hypotheses; --coalition-moves sequence is reported in JSON."""
    code, out, _ = run(str(FLAGSHIP))
    assert code == 0
    assert "Hypotheses (computed, not asserted):" in out
    code, out, _ = run(
        str(ELMIRA),
        "--coalition",
        "MoE+Uniroyal",
        "--coalition-moves",
        "sequence",
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["coalition"]["moves"] == "sequence"
    assert data["coalition"]["equilibria"]["nash"] == [5, 6, 9, 10, 11, 12]


def test_cli_defaults_match_the_engine_limits() -> None:
    from summitry.cli import gmcr as cli_gmcr
    from summitry.engines.gmcr import states

    assert cli_gmcr.DEFAULT_MAX_OPTIONS == states.DEFAULT_MAX_OPTIONS
    assert cli_gmcr.DEFAULT_MAX_STATES == states.DEFAULT_MAX_STATES


@pytest.mark.parametrize("name", ["Elmira", "Garrison", "MilkRiver", "Prisoners"])
def test_import_from_gmcr_py_gives_the_same_analysis(name: str, tmp_path: Path) -> None:
    """`summitry import --from gmcr-py` writes a YAML graph model with the same states,
    numbering, stabilities and equilibria as the .gmcr file (DM names become identifiers)."""
    source = ROOT.parent / "shared" / "peers" / "gmcr-py" / f"{name}.gmcr"
    if not source.exists():
        pytest.skip("../shared/peers/gmcr-py is not beside this checkout")
    out = tmp_path / f"{name}.yaml"
    res = runner.invoke(app, ["import", str(source), "--from", "gmcr-py", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert res.output.startswith(f"wrote {out} (")
    direct = json.loads(runner.invoke(app, ["gmcr", str(source), "--format", "json"]).output)
    via_yaml = json.loads(runner.invoke(app, ["gmcr", str(out), "--format", "json"]).output)
    assert via_yaml["states"] == direct["states"]
    assert via_yaml["equilibria"] == direct["equilibria"]
    for concept, by_dm in direct["stable"].items():
        assert list(via_yaml["stable"][concept].values()) == list(by_dm.values())
