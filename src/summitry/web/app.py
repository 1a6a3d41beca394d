"""The FastAPI application factory of the web studio."""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from summitry import __version__
from summitry.errors import InputError, ModelSizeError, SummitryError
from summitry.web import services
from summitry.web.api import build_api
from summitry.web.jobs import QueueFull
from summitry.web.library import LibraryError, NotFound
from summitry.web.pages import build_pages
from summitry.web.settings import Settings
from summitry.web.studio import Studio

__all__ = ["TOKEN_COOKIE", "create_app"]

TOKEN_COOKIE = "summitry_token"
HERE = Path(__file__).parent


def _plotly_js() -> Path | None:
    try:
        import plotly
    except ImportError:  # pragma: no cover - plotly is part of the web extra
        return None
    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    return path if path.is_file() else None


def _status(exc: SummitryError) -> int:
    if isinstance(exc, InputError):
        return 422
    if isinstance(exc, services.TooLargeError):
        return 413
    if isinstance(exc, NotFound | services.NotAvailable):
        return 404
    if isinstance(exc, QueueFull):
        return 429
    if isinstance(exc, LibraryError):
        return 400
    return 422  # LimitError, ModelSizeError, MonteCarloError, other bad values


def create_app(settings: Settings) -> FastAPI:
    """Build the studio: pages, ``/api``, ``/static``; runs stored at ``settings.db_url``.

    Opening the app marks runs left ``queued``/``running`` by a killed server as
    ``interrupted``. With ``settings.token`` set, every request must carry the token.
    """
    studio = Studio.open(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        studio.close()

    app = FastAPI(
        title="summitry web studio",
        version=__version__,
        description="Will these talks resolve the conflict? The JSON API of `summitry serve`.",
        lifespan=lifespan,
    )
    app.state.studio = studio

    @app.exception_handler(SummitryError)
    async def _summitry_error(_request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, SummitryError)
        problems = services.problems_json(exc) if isinstance(exc, InputError) else []
        message = problems[0]["text"] if problems else str(exc)
        if isinstance(exc, ModelSizeError):
            message = f"{exc}. Fix: reduce the model or raise the server's limit"
        return JSONResponse(
            status_code=_status(exc), content={"detail": {"message": message, "problems": problems}}
        )

    if settings.token:
        token = settings.token

        @app.middleware("http")
        async def _auth(
            request: Request, call_next: Callable[[Request], Awaitable[Response]]
        ) -> Response:
            given = (
                request.headers.get("x-summitry-token")
                or request.headers.get("authorization", "").removeprefix("Bearer ").strip()
                or request.cookies.get(TOKEN_COOKIE)
                or request.query_params.get("token")
                or ""
            )
            if not hmac.compare_digest(given.encode(), token.encode()):
                return JSONResponse(
                    status_code=401,
                    content={
                        "detail": {
                            "message": "this server needs its access token. Fix: open the "
                            "address printed by `summitry serve` (…?token=T) or send the header "
                            "'Authorization: Bearer T'",
                            "problems": [],
                        }
                    },
                )
            response = await call_next(request)
            if request.query_params.get("token"):
                response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
            return response

    plotly_js = _plotly_js()

    @app.get("/static/plotly.min.js", include_in_schema=False, response_model=None)
    def plotly_asset() -> Response:
        if plotly_js is None:
            return JSONResponse(status_code=404, content={"detail": "plotly is not installed"})
        return FileResponse(plotly_js, media_type="text/javascript")

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(build_api(studio))
    app.include_router(build_pages(studio))
    return app
