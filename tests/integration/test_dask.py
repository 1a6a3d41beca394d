"""The Dask executor against a real cluster: one ``dask scheduler`` and two ``dask worker``
processes on 127.0.0.1, started from the venv's ``dask`` executable on free ports.

Acceptance of issue 4 (determinism): the same seed gives byte-identical JSON on the local
executor with 1 and 2 workers and on the Dask cluster; an unreachable address gives a clear
error, never a traceback.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summitry.cli.main import app
from summitry.io.output import dumps
from summitry.io.scenario import load_scenario
from summitry.report.montecarlo import to_dict
from summitry.workflows.executors import ClusterUnreachableError, ExecutorError, open_executor
from summitry.workflows.montecarlo import run_simulation

from ..montecarlo_cases import MIXED, write

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
FLAGSHIP = ROOT / "scenarios" / "putin-trump-talks.yaml"
TEXTBOOK = ROOT / "scenarios" / "textbook" / "fearon-range.yaml"
DASK = Path(sys.executable).parent / "dask"
runner = CliRunner()
QUIET = ("--no-dashboard", "--no-show")

CORRELATED = (
    MIXED
    + """\
correlations:
  inputs: [positions.A.X.reservation, positions.B.X.acceptable.1, disagreement.cost.A.value]
  matrix: [[1, 0.6, -0.3], [0.6, 1, 0.2], [-0.3, 0.2, 1]]
  why: test
"""
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    """Terminate every process we started (workers first), then kill the stragglers."""
    for p in reversed(procs):
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 5
    for p in reversed(procs):
        try:
            p.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(timeout=5)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``dask://127.0.0.1:PORT`` of a scheduler with two single-threaded workers."""
    if not DASK.exists():  # pragma: no cover - the venv has the dask extra
        pytest.fail(f"{DASK} not found: install the extra with pip install 'summitry[dask]'")
    work = tmp_path_factory.mktemp("dask")
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    common = {"cwd": work, "env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    procs: list[subprocess.Popen[bytes]] = []
    try:
        procs.append(
            subprocess.Popen(
                [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port), *QUIET],
                **common,  # type: ignore[call-overload]
            )
        )
        for k in range(2):
            where = ("--name", f"w{k}", "--no-dashboard", "--local-directory", str(work / f"w{k}"))
            procs.append(
                subprocess.Popen(
                    [str(DASK), "worker", address, "--nthreads", "1", "--no-nanny", *where],
                    **common,  # type: ignore[call-overload]
                )
            )
        _wait_for_workers(address, 2, procs, timeout=45)
        yield f"dask://127.0.0.1:{port}"
    finally:
        _stop(procs)


def _wait_for_workers(
    address: str, n: int, procs: list[subprocess.Popen[bytes]], timeout: float
) -> None:
    """Poll the scheduler from a separate interpreter until ``n`` workers are connected."""
    code = (
        "import sys, warnings; warnings.simplefilter('ignore');"
        "from distributed import Client;"
        f"c = Client({address!r}, timeout=5, set_as_default=False);"
        f"c.wait_for_workers({n}, timeout={timeout});"
        "print(len(c.scheduler_info()['workers'])); c.close()"
    )
    deadline = time.monotonic() + timeout
    while True:
        dead = [p.args for p in procs if p.poll() is not None]
        assert not dead, f"dask processes exited early: {dead}"
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout + 10
        )
        if out.returncode == 0 and out.stdout.strip() == str(n):
            return
        assert time.monotonic() < deadline, f"no {n} dask workers: {out.stderr[-2000:]}"
        time.sleep(0.5)


def _json(path: Path, *args: str) -> str:
    result = runner.invoke(app, ["simulate", str(path), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    ("scenario", "draws", "method"),
    [(FLAGSHIP, "3000", "mc"), (FLAGSHIP, "2100", "sobol"), (TEXTBOOK, "1100", "lhs")],
    ids=["flagship-mc", "flagship-sobol", "fearon-lhs"],
)
def test_dask_json_equals_local_runs_bit_for_bit(
    cluster: str, scenario: Path, draws: str, method: str
) -> None:
    args = ["-n", draws, "-s", "20261129", "-m", method]
    one = _json(scenario, *args)
    two = _json(scenario, *args, "--workers", "2")
    on_dask = _json(scenario, *args, "--executor", cluster)
    assert one == two
    assert on_dask == one


def test_correlated_inputs_and_stopping_rule_are_identical_on_dask(
    cluster: str, tmp_path: Path
) -> None:
    loaded = load_scenario(write(tmp_path, CORRELATED.format(id="corr")))
    kw = {"draws": 5000, "seed": 7, "eps": 0.05}
    local = run_simulation(loaded, **kw)  # type: ignore[arg-type]
    remote = run_simulation(loaded, executor=cluster, **kw)  # type: ignore[arg-type]
    assert local.simulation.stopped_by == "eps"
    assert dumps(to_dict(remote)) == dumps(to_dict(local))
    assert remote.executor == cluster
    assert remote.workers == 2


def test_open_executor_reports_the_cluster(cluster: str) -> None:
    with open_executor(cluster) as ex:
        assert ex.workers == 2
        assert list(ex.map(abs, [-3, 1, -2])) == [3, 1, 2]
        assert "2 worker(s)" in ex.description


def _negate(x: int) -> int:
    """Defined in the test module, which the workers cannot import (their sys.path lacks it)."""
    return -x  # pragma: no cover - never runs on a worker


def test_a_worker_that_cannot_import_the_task_gives_a_clear_error(cluster: str) -> None:
    with open_executor(cluster) as ex, pytest.raises(ExecutorError) as err:
        list(ex.map(_negate, [1, 2]))
    message = str(err.value)
    assert message.startswith(f"the Dask cluster at {cluster.replace('dask', 'tcp')} could not")
    assert "deserialization" in message
    assert message.endswith("Fix: pip install 'summitry[dask]' in the cluster's environment")
    with open_executor(cluster) as ex:  # the cluster still works afterwards
        assert list(ex.map(abs, [-4])) == [4]


def test_a_scheduler_without_workers_is_refused(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.Popen(
        [str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port), *QUIET],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:  # wait until the scheduler listens
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert time.monotonic() < deadline, "dask scheduler did not start"
            time.sleep(0.2)
        with (
            pytest.raises(ClusterUnreachableError) as err,
            open_executor(f"dask://127.0.0.1:{port}", timeout=1.0),
        ):
            pass  # pragma: no cover - never reached
        assert str(err.value) == (
            f"the Dask scheduler at dask://127.0.0.1:{port} has no workers after 1 s; expected at "
            f"least one worker. Fix: start workers with `dask worker tcp://127.0.0.1:{port}`"
        )
    finally:
        _stop([proc])


def test_unreachable_address_is_one_clear_line_within_the_timeout() -> None:
    port = _free_port()  # nothing listens there once the probe socket is closed
    start = time.monotonic()
    with (
        pytest.raises(ClusterUnreachableError) as err,
        open_executor(f"dask://127.0.0.1:{port}", timeout=1.0),
    ):
        pass  # pragma: no cover - never reached
    assert time.monotonic() - start < 15
    assert str(err.value) == (
        f"cannot reach a Dask scheduler at dask://127.0.0.1:{port}: nothing answered on "
        f"tcp://127.0.0.1:{port} within 1 s; expected a running Dask scheduler. Fix: start one "
        f"with `dask scheduler --host 127.0.0.1 --port {port}` and workers with "
        f"`dask worker tcp://127.0.0.1:{port}`, or use --executor local"
    )


def test_unreachable_address_through_the_cli_exits_2_without_traceback() -> None:
    port = _free_port()
    result = runner.invoke(
        app, ["simulate", str(TEXTBOOK), "-n", "10", "-s", "1", "-x", f"dask://127.0.0.1:{port}"]
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith(f"error: cannot reach a Dask scheduler at dask://127.0.0.1:{port}")
    assert "dask scheduler --host 127.0.0.1" in lines[-1]
