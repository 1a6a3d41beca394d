"""Fixtures of the web-studio tests: an app on a temp data folder, a real server subprocess."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.exceptions import StarletteDeprecationWarning

from summitry.web import Settings, create_app

with warnings.catch_warnings():  # starlette warns at import that it prefers httpx2
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
FLAGSHIP = "bundled/putin-trump-talks.yaml"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings on a fresh data folder, with small limits to test them."""
    return Settings(
        data_dir=tmp_path / "data",
        scenarios_dir=SCENARIOS,
        max_upload_bytes=64 * 1024,
        max_draws=50_000,
        max_gmcr_states=4096,
        max_running_jobs=1,
        max_queued_jobs=2,
        default_draws=1024,
    )


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """A test client of a fresh studio."""
    with TestClient(create_app(settings)) as c:
        yield c


def wait_run(client: Any, run_id: str, timeout: float = 120) -> dict[str, Any]:
    """Poll a run until it is final; return it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run: dict[str, Any] = client.get(f"/api/runs/{run_id}").json()
        if run["status"] not in ("queued", "running"):
            return run
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} did not finish in {timeout} s")


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``summitry serve`` as a subprocess on 127.0.0.1."""

    def __init__(self, data: Path, port: int, *extra: str) -> None:
        self.data, self.port, self.extra = data, port, extra
        self.url = f"http://127.0.0.1:{port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Server:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("SUMMITRY_TOKEN", None)
        cmd = [
            sys.executable,
            "-c",
            "from summitry.cli.main import main; main()",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--data",
            str(self.data),
            *self.extra,
        ]
        self.log = self.data.parent / f"server-{self.port}.log"
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                log = self.log.read_text(errors="replace")
                raise AssertionError(f"server exited with {self.proc.returncode}: {log}")
            try:
                if httpx.get(self.url + "/api/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise AssertionError("server did not start in 60 s")

    def kill(self) -> None:
        """SIGKILL: no shutdown handlers run."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 15 s."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """A started server on a temp data folder (stopped afterwards)."""
    srv = Server(tmp_path / "data", free_port()).start()
    try:
        yield srv
    finally:
        srv.stop()


def artifacts_dir(tmp_path: Path) -> Path:
    """Where screenshots go: $SUMMITRY_ARTIFACTS/web, else the test's temp folder."""
    root = os.environ.get("SUMMITRY_ARTIFACTS")
    out = Path(root) / "web" if root else tmp_path / "artifacts"
    out.mkdir(parents=True, exist_ok=True)
    return out
