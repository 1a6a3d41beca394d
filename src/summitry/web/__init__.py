"""The local web studio (``summitry serve``): a thin FastAPI adapter over :mod:`summitry.workflows`.

:func:`create_app` builds the application from :class:`Settings`; :mod:`.store` keeps runs in a
database (SQLAlchemy Core; SQLite with WAL by default), :mod:`.jobs` runs analyses in background
threads with progress and cancellation, :mod:`.api` is the JSON REST API under ``/api`` and
:mod:`.pages` the HTML pages. Needs the ``web`` extra (fastapi, uvicorn, jinja2, sqlalchemy,
python-multipart, plotly).
"""

from __future__ import annotations

from summitry.web.app import create_app
from summitry.web.settings import Settings

__all__ = ["Settings", "create_app"]
