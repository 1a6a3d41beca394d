"""The run store: every run with its scenario, parameters, versions, timestamps and result.

SQLAlchemy Core over any database URL. On SQLite the store switches the connection to WAL
journalling (readers never block the writer), waits up to 15 s on a locked database, and
starts every writing transaction with ``BEGIN IMMEDIATE`` so that two writers serialise at the
start of a transaction instead of failing half-way (the recipe of the SQLAlchemy SQLite
dialect documentation, "Serializable isolation / Savepoints / Transactional DDL").

A result is written together with its final status in one transaction: a run is either
``done`` with its whole result or has no result at all. :meth:`RunStore.interrupt_unfinished`,
called at start-up, marks runs that a killed server left ``queued`` or ``running`` as
``interrupted``.
"""

from __future__ import annotations

import json
import platform
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool

from summitry import __version__

__all__ = ["STATUSES", "TERMINAL", "RunStore", "versions"]

STATUSES = ("queued", "running", "done", "failed", "cancelled", "interrupted")
TERMINAL = frozenset({"done", "failed", "cancelled", "interrupted"})

metadata = sa.MetaData()

runs = sa.Table(
    "runs",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("status", sa.String(16), nullable=False, index=True),
    sa.Column("scenario_ref", sa.String(512), nullable=True),
    sa.Column("scenario_id", sa.String(256), nullable=True, index=True),
    sa.Column("scenario_title", sa.Text, nullable=True),
    sa.Column("scenario_hash", sa.String(64), nullable=True, index=True),
    sa.Column("scenario_text", sa.Text, nullable=True),
    sa.Column("seed", sa.BigInteger, nullable=True),
    sa.Column("params", sa.Text, nullable=False),
    sa.Column("versions", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("started_at", sa.String(32), nullable=True),
    sa.Column("finished_at", sa.String(32), nullable=True),
    sa.Column("progress_done", sa.Integer, nullable=False, default=0),
    sa.Column("progress_total", sa.Integer, nullable=False, default=0),
    sa.Column("error", sa.Text, nullable=True),
    sa.Column("result", sa.Text, nullable=True),
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def versions() -> dict[str, str]:
    """Versions that can change a result: summitry, Python, NumPy, SciPy."""
    import numpy
    import scipy

    return {
        "summitry": __version__,
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
    }


def _sqlite_engine(url: str) -> Engine:
    memory = url in ("sqlite://", "sqlite:///:memory:")
    engine = sa.create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": 15},
        poolclass=StaticPool if memory else None,
    )

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # the driver must not BEGIN on its own
        cur = dbapi_conn.cursor()
        if not memory:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA busy_timeout=15000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("summitry_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


class RunStore:
    """Runs in a database; every method is one short transaction (thread-safe)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = _sqlite_engine(url) if url.startswith("sqlite") else sa.create_engine(url)
        with self._write() as c:
            metadata.create_all(c)

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(summitry_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    # ------------------------------------------------------------------ writes

    def create(
        self,
        *,
        kind: str,
        params: dict[str, Any],
        seed: int | None = None,
        scenario_ref: str | None = None,
        scenario_id: str | None = None,
        scenario_title: str | None = None,
        scenario_hash: str | None = None,
        scenario_text: str | None = None,
    ) -> str:
        """Insert a ``queued`` run; return its id."""
        run_id = uuid.uuid4().hex
        with self._write() as c:
            c.execute(
                runs.insert().values(
                    id=run_id,
                    kind=kind,
                    status="queued",
                    scenario_ref=scenario_ref,
                    scenario_id=scenario_id,
                    scenario_title=scenario_title,
                    scenario_hash=scenario_hash,
                    scenario_text=scenario_text,
                    seed=seed,
                    params=json.dumps(params, sort_keys=True),
                    versions=json.dumps(versions(), sort_keys=True),
                    created_at=_now(),
                    progress_done=0,
                    progress_total=0,
                )
            )
        return run_id

    def start(self, run_id: str) -> bool:
        """Mark a queued run ``running``; False when it is no longer queued (cancelled)."""
        with self._write() as c:
            res = c.execute(
                runs.update()
                .where(runs.c.id == run_id, runs.c.status == "queued")
                .values(status="running", started_at=_now())
            )
            return bool(res.rowcount)

    def progress(self, run_id: str, done: int, total: int) -> None:
        """Record the progress of a running run."""
        with self._write() as c:
            c.execute(
                runs.update()
                .where(runs.c.id == run_id, runs.c.status == "running")
                .values(progress_done=done, progress_total=total)
            )

    def finish(
        self,
        run_id: str,
        status: str,
        *,
        result: dict[str, Any] | None = None,
        error: str | None = None,
        progress: tuple[int, int] | None = None,
    ) -> bool:
        """Write the final status with the whole result in one transaction.

        Only a ``queued`` or ``running`` run can finish (a run already cancelled or interrupted
        stays so); returns whether the run was updated.
        """
        if status not in TERMINAL:
            raise ValueError(f"not a final status: {status!r}")
        body = None if result is None else json.dumps(result, sort_keys=True)
        values: dict[str, Any] = {
            "status": status,
            "result": body,
            "error": error,
            "finished_at": _now(),
        }
        if progress is not None:
            values["progress_done"], values["progress_total"] = progress
        with self._write() as c:
            res = c.execute(
                runs.update()
                .where(runs.c.id == run_id, runs.c.status.in_(("queued", "running")))
                .values(**values)
            )
            return bool(res.rowcount)

    def interrupt_unfinished(self) -> int:
        """Mark every ``queued`` or ``running`` run ``interrupted`` (start-up after a kill)."""
        with self._write() as c:
            res = c.execute(
                runs.update()
                .where(runs.c.status.in_(("queued", "running")))
                .values(
                    status="interrupted",
                    finished_at=_now(),
                    error="the server stopped before the run finished",
                )
            )
            return int(res.rowcount)

    # ------------------------------------------------------------------ reads

    @staticmethod
    def _row(row: Any, *, full: bool) -> dict[str, Any]:
        d = dict(row._mapping)
        d["params"] = json.loads(d["params"])
        d["versions"] = json.loads(d["versions"])
        if full:
            d["result"] = None if d["result"] is None else json.loads(d["result"])
        else:
            d.pop("result", None)
            d.pop("scenario_text", None)
        return d

    def get(self, run_id: str) -> dict[str, Any] | None:
        """A run with its result and scenario text, or ``None``."""
        with self._read() as c:
            row = c.execute(sa.select(runs).where(runs.c.id == run_id)).first()
        return None if row is None else self._row(row, full=True)

    def list(
        self,
        *,
        scenario_id: str | None = None,
        scenario_hash: str | None = None,
        limit: int = 100,
    ) -> list[dict[str, Any]]:
        """Runs, newest first, without results (optionally of one scenario)."""
        cols = [c for c in runs.c if c.name not in ("result", "scenario_text")]
        q = sa.select(*cols).order_by(runs.c.created_at.desc()).limit(limit)
        if scenario_id is not None:
            q = q.where(runs.c.scenario_id == scenario_id)
        if scenario_hash is not None:
            q = q.where(runs.c.scenario_hash == scenario_hash)
        with self._read() as c:
            return [self._row(r, full=False) for r in c.execute(q)]
