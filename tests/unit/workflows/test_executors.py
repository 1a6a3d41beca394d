"""The executor interface without a cluster: spec parsing, local executors, clear errors."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from summitry.engines.montecarlo.sampler import MonteCarloError
from summitry.io.output import dumps
from summitry.report.montecarlo import to_dict
from summitry.workflows.executors import (
    DaskMissingError,
    ExecutorSpec,
    ExecutorSpecError,
    open_executor,
    parse_executor,
)
from summitry.workflows.montecarlo import run_simulation

from ...montecarlo_cases import mixed


@pytest.mark.parametrize(
    ("spec", "parsed"),
    [
        ("local", ExecutorSpec("local")),
        (" local ", ExecutorSpec("local")),
        ("dask://127.0.0.1:8786", ExecutorSpec("dask", "127.0.0.1:8786")),
        ("dask://scheduler.example.org:80", ExecutorSpec("dask", "scheduler.example.org:80")),
        ("dask://[::1]:8786", ExecutorSpec("dask", "[::1]:8786")),
    ],
)
def test_parse_executor(spec: str, parsed: ExecutorSpec) -> None:
    assert parse_executor(spec) == parsed
    assert str(parsed) in ("local", f"dask://{parsed.address}")


@pytest.mark.parametrize(
    "spec", ["", "dask", "dask://host", "dask://host:0", "dask://host:70000", "tcp://h:1", "ray"]
)
def test_bad_spec_says_what_is_expected(spec: str) -> None:
    message = (
        f"unknown executor {spec!r}; expected local or dask://HOST:PORT (e.g. "
        "dask://127.0.0.1:8786). Fix: pass --executor local, or the address of a running Dask "
        "scheduler"
    )
    with pytest.raises(ExecutorSpecError) as err:
        parse_executor(spec)
    assert str(err.value) == message
    assert isinstance(err.value, ValueError)


def test_local_executors_map_in_order() -> None:
    with open_executor("local") as one:
        assert one.workers == 1
        assert list(one.map(abs, [-1, 2, -3])) == [1, 2, 3]
    with open_executor("local", workers=2) as two:
        assert two.workers == 2
        assert list(two.map(abs, range(-5, 0))) == [5, 4, 3, 2, 1]
        assert two.description == "local, 2 processes"


def test_workers_with_dask_is_refused() -> None:
    with (
        pytest.raises(ExecutorSpecError, match=r"^--workers 2 applies to the local executor only"),
        open_executor("dask://127.0.0.1:1", workers=2),
    ):
        pass  # pragma: no cover - never reached


@pytest.mark.parametrize("workers", [0, -1, True, 1.5])
def test_bad_worker_count(workers: object) -> None:
    with (
        pytest.raises(ExecutorSpecError, match=r"workers must be a positive integer"),
        open_executor("local", workers=workers),  # type: ignore[arg-type]
    ):
        pass  # pragma: no cover - never reached


def test_missing_dask_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` fails
    with pytest.raises(DaskMissingError) as err, open_executor("dask://127.0.0.1:8786"):
        pass  # pragma: no cover - never reached
    assert str(err.value) == (
        "the Dask executor needs dask.distributed, which is not installed; expected the "
        "optional extra summitry[dask]. Fix: pip install 'summitry[dask]', or use "
        "--executor local"
    )
    assert isinstance(err.value, ImportError)


def test_run_simulation_takes_a_spec_or_a_mapper(tmp_path: Path) -> None:
    loaded = mixed(tmp_path)
    base = run_simulation(loaded, draws=1500, seed=4)
    assert base.executor == "local"
    with open_executor("local") as ex:
        custom = run_simulation(loaded, draws=1500, seed=4, executor=ex)
    assert custom.executor == "custom"
    assert dumps(to_dict(custom)) == dumps(to_dict(base))
    seen: list[tuple[int, int]] = []
    run_simulation(loaded, draws=1500, seed=4, progress=lambda d, n: seen.append((d, n)))
    assert seen == [(1024, 1500), (1500, 1500)]
    with pytest.raises(ExecutorSpecError, match="unknown executor 'nope'"):
        run_simulation(loaded, draws=10, seed=1, executor="nope")
    with pytest.raises(MonteCarloError, match="workers must be a positive integer, got 0"):
        run_simulation(loaded, draws=10, seed=1, workers=0, executor="local")
