"""``summitry serve`` option checks (the server itself runs in test_kill and test_e2e)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from summitry.cli.main import app
from summitry.web.settings import is_loopback

runner = CliRunner()


def test_non_loopback_host_needs_a_token(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SUMMITRY_TOKEN", raising=False)
    r = runner.invoke(app, ["serve", "--host", "0.0.0.0", "--data", str(tmp_path)])
    assert r.exit_code == 2
    assert r.output.strip() == (
        "error: binding '0.0.0.0' exposes the studio beyond this machine; a token is required. "
        "Fix: add --token T (or set SUMMITRY_TOKEN), or bind 127.0.0.1"
    )


def test_bad_port(tmp_path: Path) -> None:
    r = runner.invoke(app, ["serve", "--port", "70000", "--data", str(tmp_path)])
    assert r.exit_code == 2
    assert "port must be 0-65535, got 70000" in r.output


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("127.0.0.2", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
