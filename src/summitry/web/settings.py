"""Settings of the web studio: where files and runs live, who may connect, and the limits."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path

__all__ = ["LOOPBACK_HOSTS", "Settings", "default_scenarios_dir", "is_loopback"]

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def is_loopback(host: str) -> bool:
    """True when ``host`` is a loopback name or address (binding it needs no token)."""
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def default_scenarios_dir() -> Path | None:
    """The bundled ``scenarios/`` folder of a source checkout, if there is one."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "scenarios"
        if (parent / "pyproject.toml").is_file() and candidate.is_dir():
            return candidate
    return None


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Configuration of one web-studio instance.

    Attributes
    ----------
    data_dir : Path
        The user's scenario folder (uploads, saved edits, variants); also holds the default
        database ``summitry.db``.
    database_url : str | None
        SQLAlchemy URL of the run store; ``None``: ``sqlite:///<data_dir>/summitry.db``.
    token : str | None
        When set, every request must carry it (``Authorization: Bearer``, ``X-Summitry-Token``
        header, ``summitry_token`` cookie, or ``?token=`` once, which sets the cookie).
    scenarios_dir : Path | None
        Bundled scenarios shown read-only in the library.
    max_upload_bytes : int
        Largest scenario text accepted (upload or editor buffer); larger gives 413.
    max_draws : int
        Largest Monte Carlo draw count a run may ask for.
    max_gmcr_states : int
        Largest GMCR state space (feasible states) the server compiles.
    max_running_jobs : int
        Jobs computed at the same time; later ones wait in a queue.
    max_queued_jobs : int
        Jobs that may wait; beyond it a new job is refused with 429.
    default_draws : int
        Draw count used when a request gives none.
    """

    data_dir: Path
    database_url: str | None = None
    token: str | None = None
    scenarios_dir: Path | None = None
    max_upload_bytes: int = 1024 * 1024
    max_draws: int = 200_000
    max_gmcr_states: int = 65_536
    max_running_jobs: int = 2
    max_queued_jobs: int = 16
    default_draws: int = 2048

    @property
    def db_url(self) -> str:
        """The database URL in use."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'summitry.db').resolve()}"
