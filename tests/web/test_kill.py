"""Kill the server (SIGKILL) during a run; after a restart the run is ``interrupted``."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import httpx
import pytest

from .conftest import Server, free_port

pytestmark = pytest.mark.slow


def test_kill_during_a_run_then_restart(tmp_path: Path) -> None:
    data = tmp_path / "data"
    srv = Server(data, free_port()).start()
    try:
        done = httpx.post(
            srv.url + "/api/simulate",
            json={"ref": "bundled/textbook/fearon-range.yaml", "draws": 1024, "seed": 1},
        ).json()["id"]
        deadline = time.monotonic() + 60
        while httpx.get(f"{srv.url}/api/runs/{done}").json()["status"] != "done":
            assert time.monotonic() < deadline
            time.sleep(0.1)
        long = httpx.post(
            # every draw of the soft-lines ablation needs the package decision: about a minute
            srv.url + "/api/simulate",
            json={"ref": "bundled/putin-trump-talks.soft-lines.yaml", "draws": 200_000, "seed": 2},
        ).json()["id"]
        deadline = time.monotonic() + 60
        while httpx.get(f"{srv.url}/api/runs/{long}").json()["progress_done"] == 0:
            assert time.monotonic() < deadline, "the long run made no progress"
            time.sleep(0.1)
    finally:
        srv.kill()
    assert srv.proc is not None
    assert srv.proc.returncode == -9

    db = data / "summitry.db"
    with sqlite3.connect(db) as con:  # as the killed server left it (WAL replayed on open)
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        status = con.execute("SELECT status FROM runs WHERE id = ?", (long,)).fetchone()
        assert status == ("running",)

    again = Server(data, free_port()).start()
    try:
        run = httpx.get(f"{again.url}/api/runs/{long}").json()
        assert run["status"] == "interrupted"
        assert run["result"] is None
        assert run["error"] == "the server stopped before the run finished"
        kept = httpx.get(f"{again.url}/api/runs/{done}").json()
        assert kept["status"] == "done"
        assert kept["result"]["simulation"]["draws"] == 1024
        r = httpx.post(f"{again.url}/api/runs/{long}/cancel")
        assert r.status_code == 409
    finally:
        again.stop()
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
