"""The JSON REST API under ``/api`` (OpenAPI at ``/docs``); the pages use nothing else.

Errors are 4xx with a JSON body ``{"detail": {"message": ..., "problems": [...]}}``; scenario
problems carry file, line, column, field path, value, expectation and fix (see
:class:`summitry.errors.Problem`).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any, Literal

from fastapi import APIRouter, File, HTTPException, Query, UploadFile
from fastapi.responses import PlainTextResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from summitry.rng import fresh_seed
from summitry.web import forms, services
from summitry.web.jobs import Progress, QueueFull, Work
from summitry.web.store import TERMINAL
from summitry.web.studio import Studio

__all__ = ["build_api"]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ScenarioIn(_In):
    """A scenario: a library ref, editor text, or both (text placed at the ref's folder)."""

    ref: str | None = Field(None, description="bundled/<file> or data/<file>", max_length=512)
    yaml: str | None = Field(None, description="Scenario or variant YAML text")


class SimulateIn(ScenarioIn):
    """A Monte Carlo run (with the point analysis)."""

    draws: int | None = Field(None, description="Number of draws (default: the server's)")
    seed: int | None = Field(None, ge=0, lt=2**63, description="Root seed (default: fresh)")


class GmcrIn(ScenarioIn):
    """A GMCR stability analysis."""

    status_quo: str | None = Field(None, max_length=64, description="State number or YN string")
    rule: Literal["textbook", "gmcr-py"] = "textbook"


class FormIn(_In):
    """Editor text."""

    yaml: str


class FieldChange(_In):
    """One slider value."""

    path: list[str | int] = Field(min_length=1, max_length=12)
    value: float = Field(allow_inf_nan=False)


class PatchIn(_In):
    """Editor text with slider values to write into it."""

    yaml: str
    changes: list[FieldChange] = Field(min_length=1, max_length=500)


class SaveIn(_In):
    """Save editor text into the data folder."""

    name: str = Field(max_length=128)
    yaml: str
    from_ref: str | None = Field(None, max_length=512, description="Where the text came from")


class VariantIn(_In):
    """Save the edits of a scenario as an overlay file (``extends:`` + ``changes:``)."""

    base: str = Field(max_length=512, description="Ref of the base scenario")
    yaml: str = Field(description="The edited scenario text")
    name: str = Field(max_length=128, description="File name in the data folder")
    title: str = Field(min_length=1, max_length=300)
    id: str | None = Field(None, max_length=128)
    why: str | None = Field(None, max_length=2000)


class CompareIn(_In):
    """Compare the outcome probabilities of a base scenario and its variants."""

    base: str = Field(max_length=512)
    variants: list[str] = Field(min_length=1, max_length=8)
    draws: int | None = None
    seed: int | None = Field(None, ge=0, lt=2**63)


def _err(status: int, message: str) -> HTTPException:
    return HTTPException(status_code=status, detail={"message": message, "problems": []})


def build_api(studio: Studio) -> APIRouter:
    """The ``/api`` router of one studio."""
    api = APIRouter(prefix="/api")
    settings, store, jobs, library = studio.settings, studio.store, studio.jobs, studio.library

    @api.get("/health", tags=["meta"])
    def health() -> dict[str, Any]:
        """Liveness, versions and which optional features are available."""
        from summitry.web.store import versions

        return {
            "ok": True,
            "versions": versions(),
            "features": {"report": services.report_available()},
            "limits": {
                "max_upload_bytes": settings.max_upload_bytes,
                "max_draws": settings.max_draws,
                "max_gmcr_states": settings.max_gmcr_states,
                "max_running_jobs": settings.max_running_jobs,
                "max_queued_jobs": settings.max_queued_jobs,
                "default_draws": settings.default_draws,
            },
        }

    # ------------------------------------------------------------------ scenarios

    @api.get("/scenarios", tags=["scenarios"])
    def list_scenarios() -> list[dict[str, Any]]:
        """Bundled scenarios and the data folder's files."""
        return [e.as_dict() for e in library.entries()]

    @api.get("/scenarios/{ref:path}", tags=["scenarios"], response_model=None)
    def get_scenario(ref: str, download: bool = False) -> dict[str, Any] | Response:
        """A scenario's text (``download=true``: the file as an attachment)."""
        path = library.path(ref)
        text = path.read_text(encoding="utf-8", errors="replace")
        if download:
            return PlainTextResponse(
                text,
                media_type="application/x-yaml",
                headers={"Content-Disposition": f'attachment; filename="{path.name}"'},
            )
        return {"ref": ref, "name": path.name, "text": text, "writable": ref.startswith("data/")}

    @api.post("/scenarios/upload", tags=["scenarios"], status_code=201)
    async def upload(file: UploadFile = File(...)) -> dict[str, Any]:
        """Upload a scenario or variant file into the data folder (validated first)."""
        raw = await file.read(settings.max_upload_bytes + 1)
        services.check_size(settings, raw, "upload")
        name = library.check_name(file.filename or "")
        ident, title = await asyncio.to_thread(services.validate_upload, library, name, raw)
        ref = library.write_data(name, raw)
        return {"ref": ref, "id": ident, "title": title}

    @api.post("/scenarios", tags=["scenarios"], status_code=201)
    def save(body: SaveIn) -> dict[str, Any]:
        """Save editor text into the data folder (validated first; cited sources copied)."""
        name = library.check_name(body.name)
        src = library.path(body.from_ref).parent if body.from_ref else library.roots["data"]
        services.check_size(settings, body.yaml)
        from summitry.io.scenario import load_scenario_text

        loaded = load_scenario_text(body.yaml, name=name, base=src)
        ref = library.write_data(name, body.yaml, copy_from=src)
        return {"ref": ref, "id": loaded.scenario.id, "title": loaded.scenario.title}

    # ------------------------------------------------------------------ analyses

    @api.post("/validate", tags=["analyses"])
    def validate(body: ScenarioIn) -> dict[str, Any]:
        """Check a scenario: 200 with a summary, or 422 with every located problem."""
        r = services.resolve(settings, library, ref=body.ref, text=body.yaml)
        s = r.loaded.scenario
        return {
            "valid": True,
            "id": s.id,
            "title": s.title,
            "sha256": r.loaded.sha256,
            "actors": len(s.actors),
            "issues": len(s.issues),
            "positions": sum(len(v) for v in s.positions.values()),
            "gmcr": s.gmcr is not None,
        }

    @api.post("/analyze", tags=["analyses"])
    def analyze(body: ScenarioIn) -> dict[str, Any]:
        """Point-estimate bargaining analysis (``summitry analyze --format json``) and its text."""
        from summitry.report.bargaining import render_text, to_dict
        from summitry.workflows.bargaining import analyze_loaded

        r = services.resolve(settings, library, ref=body.ref, text=body.yaml)
        run = analyze_loaded(r.loaded)
        return {"analysis": to_dict(run), "text": render_text(run)}

    @api.post("/gmcr", tags=["analyses"])
    def gmcr(body: GmcrIn) -> dict[str, Any]:
        """GMCR stabilities, equilibria, status-quo paths and graph (``summitry gmcr`` JSON)."""
        return services.gmcr_json(
            settings,
            library,
            ref=body.ref,
            text=body.yaml,
            status_quo=body.status_quo,
            rule=body.rule,
        )

    def _queue(
        kind: str, r: services.Resolved, params: dict[str, Any], seed: int, work: Work
    ) -> str:
        jobs.check_room()
        run_id = store.create(
            kind=kind,
            params=params,
            seed=seed,
            scenario_ref=r.ref,
            scenario_id=r.loaded.scenario.id,
            scenario_title=r.loaded.scenario.title,
            scenario_hash=r.loaded.sha256,
            scenario_text=r.text,
        )
        try:
            jobs.submit(run_id, work)
        except QueueFull:  # filled up since check_room
            store.finish(run_id, "failed", error="refused: the job queue is full")
            raise
        return run_id

    @api.post("/simulate", tags=["runs"], status_code=202)
    def simulate(body: SimulateIn) -> dict[str, Any]:
        """Start a background run: point analysis + Monte Carlo. Follow it at /api/runs/{id}."""
        draws = services.check_draws(settings, body.draws)
        r = services.resolve(settings, library, ref=body.ref, text=body.yaml)
        seed = fresh_seed() if body.seed is None else body.seed
        loaded = r.loaded

        def work(progress: Progress) -> dict[str, Any]:
            from summitry.workflows.runs import analysis_and_simulation

            return analysis_and_simulation(loaded, draws=draws, seed=seed, progress=progress)

        run_id = _queue("simulate", r, {"draws": draws}, seed, work)
        return {"id": run_id, "status": "queued", "url": f"/runs/{run_id}"}

    @api.post("/compare", tags=["runs"], status_code=202)
    def compare(body: CompareIn) -> dict[str, Any]:
        """Start a comparison of a base scenario with variants (same seed and draws for all)."""
        draws = services.check_draws(settings, body.draws)
        base = services.resolve(settings, library, ref=body.base, text=None)
        paths = [library.path(v) for v in body.variants]
        for v in body.variants:  # validate every variant before queueing
            services.resolve(settings, library, ref=v, text=None)
        seed = fresh_seed() if body.seed is None else body.seed
        base_path = library.path(body.base)

        def work(progress: Progress) -> dict[str, Any]:
            return services.compare(base_path, paths, draws=draws, seed=seed, progress=progress)

        params = {"draws": draws, "base": body.base, "variants": body.variants}
        run_id = _queue("compare", base, params, seed, work)
        return {"id": run_id, "status": "queued", "url": f"/runs/{run_id}"}

    # ------------------------------------------------------------------ runs

    @api.get("/runs", tags=["runs"])
    def list_runs(
        scenario_id: str | None = None,
        scenario_hash: str | None = None,
        limit: int = Query(100, ge=1, le=1000),
    ) -> list[dict[str, Any]]:
        """Runs, newest first (optionally of one scenario id or hash), without results."""
        rows = store.list(scenario_id=scenario_id, scenario_hash=scenario_hash, limit=limit)
        for row in rows:
            live = jobs.live(row["id"])
            if live is not None and row["status"] in ("queued", "running"):
                row["progress_done"], row["progress_total"] = live[1], live[2]
        return rows

    def _run(run_id: str) -> dict[str, Any]:
        row = studio.run_view(run_id)
        if row is None:
            raise _err(404, f"no run {run_id!r}. Fix: list the runs with GET /api/runs")
        return row

    @api.get("/runs/{run_id}", tags=["runs"])
    def get_run(run_id: str) -> dict[str, Any]:
        """One run with its parameters, versions, timestamps, status and result."""
        return _run(run_id)

    @api.post("/runs/{run_id}/cancel", tags=["runs"])
    def cancel_run(run_id: str) -> dict[str, Any]:
        """Cancel a queued or running run (409 when it already finished)."""
        row = _run(run_id)
        if not jobs.cancel(run_id):
            raise _err(
                409,
                f"run {run_id} is {row['status']}; only a queued or running run can be cancelled",
            )
        return {"id": run_id, "cancelling": True}

    @api.get("/runs/{run_id}/events", tags=["runs"])
    async def run_events(run_id: str) -> StreamingResponse:
        """Server-sent events: ``progress`` while the run goes on, then ``end``."""
        _run(run_id)

        async def stream() -> AsyncIterator[str]:
            last: dict[str, Any] | None = None
            while True:
                live = jobs.live(run_id)
                if live is None:
                    row = await asyncio.to_thread(store.get, run_id)
                    status = row["status"] if row else "failed"
                    done = row["progress_done"] if row else 0
                    total = row["progress_total"] if row else 0
                else:
                    status, done, total = live
                state = {"status": status, "done": done, "total": total}
                if state != last:
                    yield f"event: progress\ndata: {json.dumps(state)}\n\n"
                    last = state
                if status in TERMINAL:
                    yield f"event: end\ndata: {json.dumps(state)}\n\n"
                    return
                await asyncio.sleep(0.2)

        return StreamingResponse(
            stream(),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

    @api.get("/runs/{run_id}/report", tags=["runs"], response_model=None)
    def run_report(run_id: str) -> Response:
        """The explained report of a finished run (needs the report workflow)."""
        row = _run(run_id)
        if row["status"] != "done" or row["kind"] != "simulate":
            raise _err(
                409,
                f"run {run_id} is a {row['status']} {row['kind']} run; "
                "a report needs a done simulate run",
            )
        return services.report_response(settings, library, row)

    # ------------------------------------------------------------------ editor helpers

    @api.post("/form", tags=["editor"])
    def form(body: FormIn) -> dict[str, Any]:
        """The slider fields of editor text (ideal points, reservations, saliences, ...)."""
        services.check_size(settings, body.yaml)
        return {"fields": forms.form_fields(forms.parse_text(body.yaml))}

    @api.post("/form/patch", tags=["editor"])
    def form_patch(body: PatchIn) -> dict[str, Any]:
        """Write slider values into editor text (comments and layout kept)."""
        services.check_size(settings, body.yaml)
        text = forms.patch_yaml(body.yaml, [(c.path, c.value) for c in body.changes])
        return {"yaml": text}

    @api.post("/variants", tags=["variants"], status_code=201)
    def save_variant(body: VariantIn) -> dict[str, Any]:
        """Save the edits as an overlay file and validate it; returns its ref and changes."""
        services.check_size(settings, body.yaml)
        base_path = library.path(body.base)
        base_data = forms.parse_text(base_path.read_text(encoding="utf-8"), body.base)
        edited = forms.parse_text(body.yaml, "editor.yaml")
        changes = forms.variant_changes(base_data, edited)
        if not changes:
            raise _err(
                422,
                "the edited text does not differ from the base scenario; nothing to save. "
                "Fix: move a slider or edit the YAML first",
            )
        name = library.check_name(body.name)
        base_id = str(base_data.get("id", "scenario")) if isinstance(base_data, dict) else "x"
        vid = body.id or f"{base_id}.{name.rsplit('.', 1)[0]}"
        from summitry.web.library import Library

        text = Library.variant_text(
            base_path, library.roots["data"], vid, body.title, body.why, changes
        )
        from summitry.io.scenario import load_scenario_text

        load_scenario_text(text, name=name, base=library.roots["data"])
        ref = library.write_data(name, text)
        return {"ref": ref, "id": vid, "changes": changes, "text": text}

    return api
