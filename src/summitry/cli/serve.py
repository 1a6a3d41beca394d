"""``summitry serve``: the local web studio (needs the ``web`` extra)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from summitry.cli.app import app, user_errors
from summitry.errors import SummitryError

__all__ = ["serve"]


class ServeError(SummitryError, ValueError):
    """A bad ``summitry serve`` option."""


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to bind")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on")] = 8000,
    data: Annotated[
        Path, typer.Option("--data", help="Folder for your scenarios, variants and the run DB")
    ] = Path("summitry-data"),
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            envvar="SUMMITRY_TOKEN",
            help="Access token; required when binding a non-loopback address",
        ),
    ] = None,
    database: Annotated[
        str | None,
        typer.Option("--database", help="SQLAlchemy URL of the run store (default SQLite)"),
    ] = None,
    max_draws: Annotated[
        int, typer.Option("--max-draws", help="Largest Monte Carlo run a request may ask")
    ] = 200_000,
    jobs: Annotated[int, typer.Option("--jobs", help="Runs computed at the same time")] = 2,
) -> None:
    """Open the web studio: library, editor with sliders, runs with live progress, variants."""
    with user_errors():
        try:
            import uvicorn

            from summitry.web import Settings, create_app
            from summitry.web.settings import default_scenarios_dir, is_loopback
        except ImportError as exc:
            raise ServeError(
                f"the web studio needs the web extra ({exc.name} is missing). "
                "Fix: pip install 'summitry[web]'"
            ) from None
        if not is_loopback(host) and not token:
            raise ServeError(
                f"binding {host!r} exposes the studio beyond this machine; a token is required. "
                "Fix: add --token T (or set SUMMITRY_TOKEN), or bind 127.0.0.1"
            )
        if not 0 <= port <= 65535:
            raise ServeError(f"port must be 0-65535, got {port}. Fix: pass e.g. --port 8000")
        if jobs < 1 or max_draws < 1:
            raise ServeError("--jobs and --max-draws must be positive. Fix: pass e.g. --jobs 2")
        settings = Settings(
            data_dir=data,
            database_url=database or os.environ.get("SUMMITRY_DATABASE") or None,
            token=token or None,
            scenarios_dir=default_scenarios_dir(),
            max_draws=max_draws,
            max_running_jobs=jobs,
        )
        application = create_app(settings)
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    suffix = f"/?token={token}" if token else "/"
    typer.echo(f"summitry studio on http://{shown}:{port}{suffix}  (data: {data}; Ctrl-C stops)")
    uvicorn.run(application, host=host, port=port, log_level="warning")
