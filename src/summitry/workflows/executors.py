"""Where the blocks of a Monte Carlo run: one ``concurrent.futures``-style interface.

:func:`open_executor` turns an executor *spec* into a context manager yielding an
:class:`OpenExecutor`, whose :meth:`~OpenExecutor.map` evaluates a function over an iterable
**in order** (like :meth:`concurrent.futures.Executor.map`):

``local`` (default)
    ``workers == 1``: in the calling process (the built-in ``map``). ``workers > 1``: a
    :class:`~concurrent.futures.ProcessPoolExecutor` started with the ``forkserver`` context
    (``spawn`` where forkserver is unavailable), never ``fork`` (threads of rich and of the
    caller must not be copied into children; Python 3.14 changes the default). The fork server
    preloads the engine and ``scipy.stats`` once. Items go in chunks (``chunksize``), as below.
``dask://HOST:PORT``
    A :class:`distributed.Client` connected to the Dask scheduler at ``tcp://HOST:PORT``
    (optional extra ``summitry[dask]``). Items go in tasks (``client.map`` with ``pure=False``)
    of a few consecutive items (:func:`apply_chunk`: two tasks per worker thread and call, so
    that a scenario shared by the items is pickled once per task); results are gathered in
    submission order, so the caller sees exactly what the local executors give. Start a cluster
    with ``dask scheduler`` and ``dask worker
    tcp://HOST:PORT`` (each worker's environment needs summitry installed).

Every Monte Carlo block depends on the root seed and its block number only, and blocks are
combined in block order (:func:`summitry.engines.montecarlo.simulate`), so the result is
identical bit for bit whatever the executor and however many workers it has.
"""

from __future__ import annotations

import math
import multiprocessing
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from summitry.errors import SummitryError

__all__ = [
    "DEFAULT_TIMEOUT",
    "ClusterUnreachableError",
    "DaskMissingError",
    "ExecutorError",
    "ExecutorSpec",
    "ExecutorSpecError",
    "Mapper",
    "OpenExecutor",
    "apply_chunk",
    "open_executor",
    "parse_executor",
]

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_TIMEOUT = 5.0
"""Seconds to wait for a Dask scheduler to answer (and for its first worker) before giving up."""

_PRELOAD = ["summitry.engines.montecarlo.simulate", "scipy.stats"]
"""Modules the fork server imports once, so that each worker starts without importing them."""

_DASK = re.compile(r"^dask://(?P<host>[A-Za-z0-9_.\-]+|\[[0-9A-Fa-f:.]+\]):(?P<port>[0-9]{1,5})$")
_EXPECTED = "local or dask://HOST:PORT (e.g. dask://127.0.0.1:8786)"


class ExecutorError(SummitryError):
    """An executor could not be opened or used."""


class ExecutorSpecError(ExecutorError, ValueError):
    """An executor spec (``--executor``) or its worker count is malformed."""


class ClusterUnreachableError(ExecutorError, ConnectionError):
    """No Dask scheduler answers at the given address, or it has no workers."""


class DaskMissingError(ExecutorError, ImportError):
    """The Dask executor was asked for but ``dask.distributed`` is not installed."""


class Mapper(Protocol):
    """Anything with an in-order ``map`` (a :class:`concurrent.futures.Executor`, for one)."""

    def map(self, fn: Callable[[T], R], iterable: Iterable[T], /) -> Iterator[R]: ...


@dataclass(frozen=True, slots=True)
class ExecutorSpec:
    """A parsed executor spec: ``kind`` is ``"local"`` or ``"dask"``."""

    kind: str
    address: str | None = None

    def __str__(self) -> str:
        return "local" if self.address is None else f"dask://{self.address}"


def parse_executor(spec: str) -> ExecutorSpec:
    """Parse ``"local"`` or ``"dask://HOST:PORT"``.

    Raises
    ------
    ExecutorSpecError
        For anything else, or a port outside 1..65535.

    Examples
    --------
    >>> parse_executor("dask://127.0.0.1:8786")
    ExecutorSpec(kind='dask', address='127.0.0.1:8786')
    """
    text = spec.strip() if isinstance(spec, str) else spec
    if text == "local":
        return ExecutorSpec("local")
    m = _DASK.match(text) if isinstance(text, str) else None
    if m is None or not 1 <= int(m["port"]) <= 65535:
        raise ExecutorSpecError(
            f"unknown executor {spec!r}; expected {_EXPECTED}. "
            "Fix: pass --executor local, or the address of a running Dask scheduler"
        )
    return ExecutorSpec("dask", f"{m['host']}:{int(m['port'])}")


@dataclass(frozen=True)
class OpenExecutor:
    """An executor ready to use: ``map`` evaluates in order; ``workers`` parallel slots."""

    spec: ExecutorSpec
    workers: int
    mapper: Callable[[Callable[[Any], Any], Iterable[Any]], Iterator[Any]]
    description: str

    def map(self, fn: Callable[[T], R], iterable: Iterable[T], /) -> Iterator[R]:
        """``fn`` over ``iterable``, results in the order of ``iterable``."""
        return self.mapper(fn, iterable)


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(_PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")  # pragma: no cover - platforms without fork


def _check_workers(workers: int) -> int:
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ExecutorSpecError(
            f"workers must be a positive integer, got {workers!r}. Fix: pass e.g. --workers 2"
        )
    return workers


def _chunk(n_items: int, workers: int) -> int:
    """Items per task: two tasks per worker and round (pickle then sends a shared scenario once
    per task, not once per block)."""
    return max(1, math.ceil(n_items / (2 * workers)))


def apply_chunk(fn: Callable[[T], R], chunk: list[T]) -> list[R]:
    """``[fn(x) for x in chunk]``: one remote task for several items (top level: picklable)."""
    return [fn(x) for x in chunk]


@contextmanager
def _local(workers: int) -> Iterator[OpenExecutor]:
    spec = ExecutorSpec("local")
    if workers == 1:
        yield OpenExecutor(spec, 1, map, "local, in-process")
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:

        def chunked(fn: Callable[[Any], Any], iterable: Iterable[Any]) -> Iterator[Any]:
            items = list(iterable)
            return pool.map(fn, items, chunksize=_chunk(len(items), workers))

        yield OpenExecutor(spec, workers, chunked, f"local, {workers} processes")


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise DaskMissingError(
            "the Dask executor needs dask.distributed, which is not installed; expected the "
            "optional extra summitry[dask]. Fix: pip install 'summitry[dask]', or use "
            "--executor local"
        ) from None
    return distributed


def _unreachable(spec: ExecutorSpec, timeout: float) -> ClusterUnreachableError:
    host, _, port = (spec.address or "").rpartition(":")
    return ClusterUnreachableError(
        f"cannot reach a Dask scheduler at {spec}: nothing answered on tcp://{spec.address} "
        f"within {timeout:g} s; expected a running Dask scheduler. Fix: start one with "
        f"`dask scheduler --host {host} --port {port}` and workers with "
        f"`dask worker tcp://{spec.address}`, or use --executor local"
    )


class _DaskMap:
    """In-order ``map`` over a :class:`distributed.Client`: submit all, yield in order."""

    def __init__(self, client: Any, address: str, workers: int) -> None:
        self._client = client
        self._address = address
        self._workers = workers

    def __call__(self, fn: Callable[[Any], Any], iterable: Iterable[Any]) -> Iterator[Any]:
        items = list(iterable)
        k = _chunk(len(items), self._workers)
        chunks = [items[i : i + k] for i in range(0, len(items), k)]
        futures = self._client.map(apply_chunk, [fn] * len(chunks), chunks, pure=False)
        return self._results(futures)

    def _results(self, futures: list[Any]) -> Iterator[Any]:
        try:
            for f in futures:
                try:
                    yield from f.result()
                except (ImportError, RuntimeError) as exc:
                    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                    if isinstance(exc, RuntimeError) and "deserializ" not in text:
                        raise
                    raise ExecutorError(
                        f"the Dask cluster at tcp://{self._address} could not load the task "
                        f"({text}); expected summitry, same version, installed beside the "
                        "scheduler and every worker. Fix: pip install 'summitry[dask]' in the "
                        "cluster's environment"
                    ) from None
        finally:  # results not wanted any more (stopping rule, error): free the cluster
            pending = [f for f in futures if not f.done()]
            if pending:
                self._client.cancel(pending)


@contextmanager
def _dask(spec: ExecutorSpec, timeout: float) -> Iterator[OpenExecutor]:
    distributed = _import_distributed()
    address = f"tcp://{spec.address}"
    try:
        client = distributed.Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError):
        raise _unreachable(spec, timeout) from None
    try:
        try:
            client.wait_for_workers(1, timeout=timeout)
        except (OSError, TimeoutError):
            raise ClusterUnreachableError(
                f"the Dask scheduler at {spec} has no workers after {timeout:g} s; expected at "
                f"least one worker. Fix: start workers with `dask worker {address}`"
            ) from None
        info = client.scheduler_info()
        workers = max(1, sum(int(w.get("nthreads", 1)) for w in info["workers"].values()))
        yield OpenExecutor(
            spec,
            workers,
            _DaskMap(client, spec.address or "", workers),
            f"dask {address}, {len(info['workers'])} worker(s), {workers} thread(s)",
        )
    finally:
        client.close()


@contextmanager
def open_executor(
    spec: str = "local", *, workers: int = 1, timeout: float = DEFAULT_TIMEOUT
) -> Iterator[OpenExecutor]:
    """Open the executor ``spec`` names; close it (pool, client) when the block ends.

    Parameters
    ----------
    spec
        ``"local"`` or ``"dask://HOST:PORT"`` (module docstring).
    workers
        Worker processes of the local executor (1: in-process). A Dask cluster has as many
        workers as ``dask worker`` processes; ``workers`` must then be 1.
    timeout
        Seconds to wait for a Dask scheduler to answer and for its first worker.

    Yields
    ------
    OpenExecutor
        With an in-order :meth:`~OpenExecutor.map` and the number of parallel slots.

    Raises
    ------
    ExecutorSpecError
        For a malformed spec or worker count.
    DaskMissingError
        When ``dask.distributed`` is not installed.
    ClusterUnreachableError
        When nothing answers at the Dask address within ``timeout``, or it has no workers.
    """
    parsed = parse_executor(spec)
    workers = _check_workers(workers)
    if parsed.kind == "local":
        with _local(workers) as ex:
            yield ex
        return
    if workers != 1:
        raise ExecutorSpecError(
            f"--workers {workers} applies to the local executor only; got it with {parsed}. "
            "Fix: drop --workers (a Dask cluster has as many workers as `dask worker` "
            "processes), or use --executor local"
        )
    with _dask(parsed, timeout) as ex:
        yield ex
