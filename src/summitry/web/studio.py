"""The state one web-studio instance shares between requests: settings, store, jobs, library."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from summitry.web.jobs import JobManager
from summitry.web.library import Library
from summitry.web.settings import Settings
from summitry.web.store import RunStore

__all__ = ["Studio"]


@dataclass
class Studio:
    """Everything a request handler needs."""

    settings: Settings
    store: RunStore
    jobs: JobManager
    library: Library
    interrupted_at_start: int = 0

    @classmethod
    def open(cls, settings: Settings) -> Studio:
        """Open the store (marking runs a killed server left unfinished) and start the jobs."""
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        store = RunStore(settings.db_url)
        n = store.interrupt_unfinished()
        jobs = JobManager(
            store, max_running=settings.max_running_jobs, max_queued=settings.max_queued_jobs
        )
        return cls(settings, store, jobs, Library(settings), n)

    def close(self) -> None:
        """Stop the jobs (running ones end as cancelled) and close the store."""
        self.jobs.shutdown()
        self.store.close()

    def run_view(self, run_id: str) -> dict[str, Any] | None:
        """A stored run with live progress merged in (``None``: no such run)."""
        row = self.store.get(run_id)
        if row is None:
            return None
        live = self.jobs.live(run_id)
        if live is not None and row["status"] in ("queued", "running"):
            row["progress_done"], row["progress_total"] = live[1], live[2]
        return row
