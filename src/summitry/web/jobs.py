"""Background jobs: a bounded queue of analyses run in worker threads, with progress and cancel.

A job is a callable ``work(progress) -> result`` where ``progress(done, total)`` records how far
it is and raises :class:`Cancelled` once the job is cancelled (the Monte Carlo engine calls it
after every block, so a cancel takes effect within one block). At most ``max_running`` jobs
compute at once; up to ``max_queued`` more wait, and beyond that :meth:`JobManager.submit`
raises :class:`QueueFull`. Each state change goes to the :class:`~summitry.web.store.RunStore`;
the final status is written together with the whole result.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from summitry.errors import InputError, SummitryError
from summitry.web.store import RunStore

__all__ = ["Cancelled", "JobManager", "Progress", "QueueFull", "Work"]

log = logging.getLogger("summitry.web")

Progress = Callable[[int, int], None]
Work = Callable[[Progress], dict[str, Any]]


class Cancelled(Exception):  # noqa: N818  (a signal, not an error)
    """Raised inside a job by its progress callback once the job is cancelled."""


class QueueFull(SummitryError):  # noqa: N818
    """Too many jobs are waiting."""


@dataclass
class _Job:
    run_id: str
    work: Work
    cancel: threading.Event = field(default_factory=threading.Event)
    status: str = "queued"
    done: int = 0
    total: int = 0


class JobManager:
    """Runs jobs in a thread pool and keeps their live state for progress streams."""

    def __init__(self, store: RunStore, *, max_running: int, max_queued: int) -> None:
        self.store = store
        self.max_running = max_running
        self.max_queued = max_queued
        self._pool = ThreadPoolExecutor(max_workers=max_running, thread_name_prefix="summitry-job")
        self._lock = threading.Lock()
        self._jobs: dict[str, _Job] = {}

    def pending(self) -> int:
        """Jobs queued or running."""
        with self._lock:
            return sum(1 for j in self._jobs.values() if j.status in ("queued", "running"))

    def _check_room(self) -> None:
        active = sum(1 for j in self._jobs.values() if j.status in ("queued", "running"))
        if active >= self.max_running + self.max_queued:
            raise QueueFull(
                f"the job queue is full ({active} jobs queued or running, limit "
                f"{self.max_running + self.max_queued}). Fix: wait for a run to finish or "
                "cancel one"
            )

    def check_room(self) -> None:
        """Raise :class:`QueueFull` when no further job can be queued now."""
        with self._lock:
            self._check_room()

    def submit(self, run_id: str, work: Work) -> None:
        """Queue ``work`` for the stored run ``run_id``; raise :class:`QueueFull` when full."""
        with self._lock:
            self._check_room()
            job = _Job(run_id, work)
            self._jobs[run_id] = job
        self._pool.submit(self._run, job)

    def live(self, run_id: str) -> tuple[str, int, int] | None:
        """(status, done, total) of a job this process knows, else ``None``."""
        with self._lock:
            job = self._jobs.get(run_id)
            return None if job is None else (job.status, job.done, job.total)

    def cancel(self, run_id: str) -> bool:
        """Ask a queued or running job to stop; True when the job was still active."""
        with self._lock:
            job = self._jobs.get(run_id)
            if job is None or job.status not in ("queued", "running"):
                return False
            job.cancel.set()
            if job.status == "queued":
                job.status = "cancelled"
                self.store.finish(run_id, "cancelled", error="cancelled before it started")
            return True

    def shutdown(self) -> None:
        """Cancel every job and wait for the worker threads."""
        with self._lock:
            jobs = list(self._jobs.values())
        for job in jobs:
            job.cancel.set()
        self._pool.shutdown(wait=True, cancel_futures=True)
        for job in jobs:  # never started: the pool dropped them
            if job.status == "queued":
                self.store.finish(job.run_id, "cancelled", error="the server stopped")
                self._set(job, "cancelled")

    def _set(self, job: _Job, status: str) -> None:
        with self._lock:
            job.status = status

    def _run(self, job: _Job) -> None:
        if job.cancel.is_set() or not self.store.start(job.run_id):
            self._set(job, "cancelled")
            return
        self._set(job, "running")
        last = [0.0]

        def progress(done: int, total: int) -> None:
            job.done, job.total = done, total
            now = time.monotonic()
            if now - last[0] > 0.5:
                last[0] = now
                self.store.progress(job.run_id, done, total)
            if job.cancel.is_set():
                raise Cancelled

        status, result, error = "failed", None, None
        try:
            result = job.work(progress)
            status = "done"
        except Cancelled:
            status, error = "cancelled", "cancelled while running"
        except InputError as exc:
            error = "\n".join(p.format() for p in exc.problems)
        except SummitryError as exc:
            error = str(exc)
        except Exception as exc:  # a bug: record it, keep the server up
            log.exception("run %s failed", job.run_id)
            error = f"internal error: {type(exc).__name__}: {exc}"
        if job.cancel.is_set() and status == "done":
            status, result, error = "cancelled", None, "cancelled while running"
        self.store.finish(
            job.run_id, status, result=result, error=error, progress=(job.done, job.total)
        )
        self._set(job, status)
