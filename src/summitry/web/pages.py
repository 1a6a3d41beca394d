"""The HTML pages of the studio; they hold no data: ``static/app.js`` calls the API."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from summitry import __version__
from summitry.web.studio import Studio

__all__ = ["build_pages"]

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))


def build_pages(studio: Studio) -> APIRouter:
    """Routes of the library, editor, runs, run, compare and GMCR pages."""
    pages = APIRouter(include_in_schema=False)

    def page(request: Request, name: str, **context: object) -> HTMLResponse:
        return templates.TemplateResponse(
            request, name, {"version": __version__, "page": name.removesuffix(".html"), **context}
        )

    @pages.get("/", response_class=HTMLResponse)
    def library(request: Request) -> HTMLResponse:
        return page(request, "library.html", max_upload=studio.settings.max_upload_bytes)

    @pages.get("/editor", response_class=HTMLResponse)
    def editor(request: Request, ref: str = "") -> HTMLResponse:
        return page(request, "editor.html", ref=ref, draws=studio.settings.default_draws)

    @pages.get("/runs", response_class=HTMLResponse)
    def runs(request: Request, scenario_id: str = "") -> HTMLResponse:
        return page(request, "runs.html", scenario_id=scenario_id)

    @pages.get("/runs/{run_id}", response_class=HTMLResponse)
    def run(request: Request, run_id: str) -> HTMLResponse:
        return page(request, "run.html", run_id=run_id)

    @pages.get("/compare", response_class=HTMLResponse)
    def compare(request: Request, base: str = "") -> HTMLResponse:
        return page(request, "compare.html", base=base, draws=studio.settings.default_draws)

    @pages.get("/gmcr", response_class=HTMLResponse)
    def gmcr(request: Request, ref: str = "") -> HTMLResponse:
        return page(request, "gmcr.html", ref=ref)

    return pages
