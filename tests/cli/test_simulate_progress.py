"""``summitry simulate`` progress and ``--executor`` (local; the Dask cluster is in
tests/integration): a rich bar on a terminal, about ten plain lines otherwise, clean JSON."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

from typer.testing import CliRunner

from summitry.cli.main import app
from summitry.cli.montecarlo import PROGRESS_LINES, LineProgress, progress_reporter

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = ROOT / "scenarios" / "putin-trump-talks.yaml"
runner = CliRunner()
LINE = re.compile(r"^simulate: (\d+)/(\d+) draws \((\d+)%\)$")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_log_gets_ten_progress_lines_and_stdout_stays_json() -> None:
    result = runner.invoke(app, ["simulate", str(FLAGSHIP), "-n", "20000", "-s", "3", "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)  # nothing but the JSON document on stdout
    assert data["draws"] == 20000
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("simulate:")]
    assert len(lines) == PROGRESS_LINES == 10
    parsed = [LINE.match(ln) for ln in lines]
    assert all(parsed)
    done = [int(m[1]) for m in parsed if m]
    assert done == sorted(done)
    assert done[-1] == 20000
    assert lines[-1] == "simulate: 20000/20000 draws (100%)"
    assert "seed: 3" in result.stderr.splitlines()


def test_few_blocks_give_one_line_per_block() -> None:
    stream = io.StringIO()
    show = LineProgress(stream)
    for done in (1024, 2048, 2500):
        show(done, 2500)
    assert stream.getvalue().splitlines() == [
        "simulate: 1024/2500 draws (40%)",
        "simulate: 2048/2500 draws (81%)",
        "simulate: 2500/2500 draws (100%)",
    ]


def test_lines_never_exceed_ten_for_many_blocks() -> None:
    stream = io.StringIO()
    show = LineProgress(stream)
    for done in range(1024, 1_000_001, 1024):
        show(done, 1_000_000)
    show(1_000_000, 1_000_000)
    assert len(stream.getvalue().splitlines()) == 10


def test_a_terminal_gets_a_rich_bar_not_lines() -> None:
    term = _Terminal()
    with progress_reporter(term) as progress:
        assert not isinstance(progress, LineProgress)
        for done in (1024, 2048, 3000):
            progress(done, 3000)
    out = term.getvalue()
    assert "simulate" in out
    assert "3000/3000" in out
    assert "\x1b[" in out  # terminal control sequences: a live bar
    assert not any(LINE.match(ln) for ln in out.splitlines())


def test_a_pipe_gets_lines() -> None:
    with progress_reporter(io.StringIO()) as progress:
        assert isinstance(progress, LineProgress)


def test_bad_executor_is_one_line_exit_2() -> None:
    result = runner.invoke(app, ["simulate", str(FLAGSHIP), "-n", "10", "--executor", "spark"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stderr.strip().splitlines()[-1] == (
        "error: unknown executor 'spark'; expected local or dask://HOST:PORT (e.g. "
        "dask://127.0.0.1:8786). Fix: pass --executor local, or the address of a running Dask "
        "scheduler"
    )


def test_local_executor_spelled_out_gives_the_default_result() -> None:
    args = ["simulate", str(FLAGSHIP), "-n", "1500", "-s", "9", "-f", "json"]
    plain = runner.invoke(app, args)
    spelled = runner.invoke(app, [*args, "--executor", "local"])
    assert plain.exit_code == spelled.exit_code == 0
    assert plain.stdout == spelled.stdout
