"""What the API does with a request: resolve the scenario, call a workflow, shape the answer.

No analysis happens here; every number comes from :mod:`summitry.workflows`. This module turns
request inputs (a library ref or editor text) into loaded scenarios and enforces the limits of
:class:`~summitry.web.settings.Settings`.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi.responses import Response
from ruamel.yaml.comments import CommentedMap

from summitry.errors import InputError, SummitryError
from summitry.io.scenario import LoadedScenario, load_scenario, load_scenario_text
from summitry.web.library import Library
from summitry.web.settings import Settings

__all__ = [
    "LimitError",
    "Resolved",
    "TooLargeError",
    "check_draws",
    "gmcr_json",
    "problems_json",
    "report_available",
    "resolve",
]


class TooLargeError(SummitryError, ValueError):
    """An upload or text is larger than the server accepts (HTTP 413)."""


class LimitError(SummitryError, ValueError):
    """A request asks for more than a configured limit (HTTP 422)."""


@dataclass(frozen=True)
class Resolved:
    """A scenario ready for a workflow, with where it came from."""

    loaded: LoadedScenario
    text: str
    ref: str | None
    base: Path
    name: str


def check_size(settings: Settings, raw: str | bytes, what: str = "scenario text") -> None:
    """Refuse text over ``settings.max_upload_bytes`` with :class:`TooLargeError`."""
    n = len(raw.encode("utf-8")) if isinstance(raw, str) else len(raw)
    if n > settings.max_upload_bytes:
        raise TooLargeError(
            f"{what} is too large: {n} bytes; the limit is {settings.max_upload_bytes} bytes. "
            "Fix: a scenario file is a few kilobytes; check that it is the right file"
        )


def check_draws(settings: Settings, draws: int | None) -> int:
    """The draw count of a run, within the server's limit."""
    n = settings.default_draws if draws is None else draws
    if n < 1 or n > settings.max_draws:
        raise LimitError(
            f"draws must be between 1 and {settings.max_draws} on this server; got {n}. "
            f"Fix: ask for at most {settings.max_draws} draws, or run `summitry simulate` "
            "for more"
        )
    return n


def resolve(settings: Settings, library: Library, *, ref: str | None, text: str | None) -> Resolved:
    """Load the scenario of a request: editor ``text`` (placed at ``ref``'s folder) or ``ref``."""
    if text is not None:
        check_size(settings, text)
        if ref is not None:
            path = library.path(ref)
            base, name = path.parent, path.name
        else:
            base, name = library.roots["data"], "editor.yaml"
        loaded = load_scenario_text(text, name=name, base=base)
        return Resolved(loaded, text, ref, base, name)
    if ref is None:
        raise LimitError(
            "no scenario given; expected a ref (from GET /api/scenarios) or yaml text. "
            'Fix: send {"ref": "bundled/putin-trump-talks.yaml"} or {"yaml": "..."}'
        )
    path = library.path(ref)
    check_size(settings, path.read_bytes(), "scenario file")
    loaded = load_scenario(path)
    raw = path.read_text(encoding="utf-8", errors="replace")
    return Resolved(loaded, raw, ref, path.parent, path.name)


def validate_upload(library: Library, name: str, raw: bytes) -> tuple[str | None, str | None]:
    """Validate an uploaded file by its kind; return its (id, title).

    A ``.gmcr`` file or a YAML file with only a ``gmcr:`` block is checked as a graph model
    (:func:`summitry.workflows.gmcr.load_model`); anything else as a scenario or variant.
    """
    from summitry.web.forms import parse_text

    folder = library.roots["data"]
    gmcr_only = name.endswith(".gmcr")
    if not gmcr_only:
        try:
            data = parse_text(raw.decode("utf-8"), name)
        except (InputError, UnicodeDecodeError):
            data = None  # the scenario reader reports it with its position
        gmcr_only = isinstance(data, dict) and "gmcr" in data and "actors" not in data
    if gmcr_only:
        from summitry.workflows import gmcr as wf

        with tempfile.TemporaryDirectory(prefix="summitry-") as tmp:
            scratch = Path(tmp) / name
            scratch.write_bytes(raw)
            try:
                model = wf.load_model(scratch)
            except InputError as exc:
                raise InputError(
                    [dataclasses.replace(p, file=name) for p in exc.problems]
                ) from None
        return None, model.conflict.name
    loaded = load_scenario_text(raw, name=name, base=folder)
    return loaded.scenario.id, loaded.scenario.title


def problems_json(exc: InputError) -> list[dict[str, Any]]:
    """The located problems of an input error as JSON (with the one-line text)."""
    return [{**dataclasses.asdict(p), "text": p.format()} for p in exc.problems]


def gmcr_json(
    settings: Settings,
    library: Library,
    *,
    ref: str | None,
    text: str | None,
    status_quo: str | None,
    rule: str,
) -> dict[str, Any]:
    """GMCR analysis of a ``.gmcr`` file or a YAML ``gmcr:`` block (``summitry gmcr`` JSON)."""
    from summitry.errors import ModelSizeError
    from summitry.workflows import gmcr as wf

    limit = settings.max_gmcr_states
    try:
        if text is None:
            if ref is None:
                raise LimitError("no scenario given; expected a ref or yaml text")
            loaded = wf.load_model(library.path(ref), max_states=limit)
        else:
            check_size(settings, text)
            name = Path(ref).name if ref else "editor.yaml"
            with tempfile.TemporaryDirectory(prefix="summitry-") as tmp:
                scratch = Path(tmp) / "model.yaml"
                scratch.write_text(text, encoding="utf-8")
                try:
                    loaded = wf.load_model(scratch, max_states=limit)
                except InputError as exc:
                    raise InputError(
                        [dataclasses.replace(p, file=name) for p in exc.problems]
                    ) from None
    except ModelSizeError as exc:
        what = str(exc).split(". Fix:")[0]
        raise LimitError(
            f"{what} (the limit of this server). Fix: add infeasibility conditions or drop "
            "options, or run `summitry gmcr --max-states N` on your machine"
        ) from None
    report = wf.run(
        loaded, rule="gmcr-py" if rule == "gmcr-py" else "textbook", status_quo=status_quo
    )
    return {"gmcr": wf.to_json(report), "text": wf.to_text(report)}


def report_available() -> bool:
    """True when the report workflow (``summitry.workflows.report``) is installed."""
    try:
        return importlib.util.find_spec("summitry.workflows.report") is not None
    except ImportError:  # pragma: no cover
        return False


class NotAvailable(SummitryError, LookupError):  # noqa: N818
    """An optional feature is not installed (HTTP 404 with a clear message)."""


def compare(
    base: Path,
    variants: list[Path],
    *,
    draws: int,
    seed: int,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Base vs variants (format ``summitry.comparison/1``) by ``workflows.compare``."""
    try:
        from summitry.workflows.compare import compare_files
    except ImportError:  # pragma: no cover - built alongside the web studio
        raise NotAvailable(
            "comparing variants needs summitry.workflows.compare, which this installation "
            "lacks. Fix: run each file with `summitry simulate --seed S`"
        ) from None
    return compare_files(base, variants, draws=draws, seed=seed, workers=1, progress=progress)


def report_response(settings: Settings, library: Library, row: dict[str, Any]) -> Response:
    """The explained report of a stored run (HTML download) by ``workflows.report``.

    The report is built from the run's own scenario text, seed and draw count: from the
    library file when it is unchanged (same sha256), else from a temporary copy of the text
    with the source texts it cites (a variant's ``extends:`` made absolute).
    """
    if not report_available():
        raise NotAvailable(
            "reports need the report workflow (summitry.workflows.report), which this "
            "installation lacks. Fix: use the run's JSON (GET /api/runs/{id}) or "
            "`summitry analyze --format markdown`"
        )
    import hashlib

    from summitry.workflows.report import build_report, render_report

    ref, text = row["scenario_ref"], row["scenario_text"] or ""
    folder = library.roots["data"]
    name = "scenario.yaml"
    if ref:
        try:
            original = library.path(ref)
        except SummitryError:
            original = None
        if original is not None:
            folder, name = original.parent, original.name
            if hashlib.sha256(original.read_bytes()).hexdigest() == row["scenario_hash"]:
                return _report(build_report, render_report, original, row)
    with tempfile.TemporaryDirectory(prefix="summitry-report-") as tmp:
        target = Path(tmp) / name
        target.write_text(_absolute_extends(text, folder), encoding="utf-8")
        Library.copy_sources(text.encode("utf-8"), folder, Path(tmp))
        return _report(build_report, render_report, target, row)


def _absolute_extends(text: str, folder: Path) -> str:
    from summitry.web.forms import parse_text

    data = parse_text(text)
    if not isinstance(data, CommentedMap) or "extends" not in data:
        return text
    lines = text.split("\n")
    line, col = data.lc.value("extends")
    absolute = (folder / str(data["extends"])).resolve().as_posix()
    lines[line] = lines[line][:col] + json.dumps(absolute)
    return "\n".join(lines)


def _report(build: Any, render: Any, path: Path, row: dict[str, Any]) -> Response:
    run = build(path, draws=int(row["params"]["draws"]), seed=row["seed"])
    html = render(run, ("html",))["report.html"]
    stem = re.sub(r"[^A-Za-z0-9_.-]", "_", row["scenario_id"] or "scenario")
    return Response(
        html,
        media_type="text/html; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="report-{stem}.html"'},
    )
