"""The run store: statuses, one-transaction results, interrupted runs, SQLite settings."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from summitry.web.store import RunStore


@pytest.fixture
def store(tmp_path: Path) -> RunStore:
    return RunStore(f"sqlite:///{tmp_path / 'runs.db'}")


def test_sqlite_uses_wal(store: RunStore, tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "runs.db") as con:
        assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_lifecycle_records_everything(store: RunStore) -> None:
    run_id = store.create(
        kind="simulate",
        params={"draws": 10},
        seed=2**63 - 1,
        scenario_id="s",
        scenario_hash="h" * 64,
        scenario_text="id: s\n",
    )
    run = store.get(run_id)
    assert run is not None
    assert (run["status"], run["seed"], run["params"]) == ("queued", 2**63 - 1, {"draws": 10})
    assert run["versions"]["summitry"]
    assert store.start(run_id)
    assert not store.start(run_id)  # only a queued run starts
    store.progress(run_id, 5, 10)
    assert store.finish(run_id, "done", result={"p": 0.5}, progress=(10, 10))
    run = store.get(run_id)
    assert run is not None
    assert (run["status"], run["result"], run["progress_done"]) == ("done", {"p": 0.5}, 10)
    assert run["created_at"] <= run["started_at"] <= run["finished_at"]
    assert not store.finish(run_id, "failed", error="late")  # final stays final
    assert store.list(scenario_hash="h" * 64)[0]["id"] == run_id
    assert "result" not in store.list()[0]


def test_interrupt_unfinished(store: RunStore) -> None:
    a = store.create(kind="simulate", params={})
    b = store.create(kind="simulate", params={})
    c = store.create(kind="simulate", params={})
    store.start(b)
    store.start(c)
    store.finish(c, "done", result={})
    assert store.interrupt_unfinished() == 2
    statuses = {r["id"]: r["status"] for r in store.list()}
    assert statuses == {a: "interrupted", b: "interrupted", c: "done"}


def test_bad_final_status_is_refused(store: RunStore) -> None:
    run_id = store.create(kind="simulate", params={})
    with pytest.raises(ValueError, match=r"^not a final status: 'running'$"):
        store.finish(run_id, "running")


def test_concurrent_writers_do_not_fail(store: RunStore) -> None:
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            for _ in range(20):
                rid = store.create(kind="simulate", params={})
                store.start(rid)
                store.finish(rid, "done", result={"x": 1})
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(store.list(limit=1000)) == 120


def test_memory_database(tmp_path: Path) -> None:
    store = RunStore("sqlite://")
    rid = store.create(kind="simulate", params={})
    assert store.get(rid) is not None
    assert store.get("missing") is None


def test_shutdown_cancels_running_and_queued_jobs(store: RunStore) -> None:
    import time

    from summitry.web.jobs import JobManager, Progress

    started = threading.Event()

    def slow(progress: Progress) -> dict[str, int]:
        started.set()
        for i in range(1000):
            time.sleep(0.01)
            progress(i, 1000)
        return {"never": 1}

    jobs = JobManager(store, max_running=1, max_queued=4)
    a = store.create(kind="simulate", params={})
    b = store.create(kind="simulate", params={})
    jobs.submit(a, slow)
    jobs.submit(b, slow)
    assert started.wait(10)
    jobs.shutdown()
    runs = {r["id"]: r for r in store.list()}
    assert runs[a]["status"] == "cancelled"
    assert runs[a]["error"] == "cancelled while running"
    assert runs[b]["status"] == "cancelled"
    assert runs[b]["error"] == "the server stopped"


def test_a_failing_job_is_recorded(store: RunStore) -> None:
    import time

    from summitry.errors import SummitryError
    from summitry.web.jobs import JobManager, Progress

    def bad(progress: Progress) -> dict[str, int]:
        raise SummitryError("draws must be positive. Fix: pass 10")

    jobs = JobManager(store, max_running=1, max_queued=1)
    rid = store.create(kind="simulate", params={})
    jobs.submit(rid, bad)
    for _ in range(1000):
        live = jobs.live(rid)
        if live is not None and live[0] == "failed":
            break
        time.sleep(0.01)
    jobs.shutdown()
    run = store.get(rid)
    assert run is not None
    assert (run["status"], run["error"]) == ("failed", "draws must be positive. Fix: pass 10")
