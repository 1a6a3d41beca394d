"""The explained report: run what a scenario supports, then build the document.

:func:`build_report` runs the bargaining analysis, the graph model (when the scenario has a
``gmcr:`` block), the Monte Carlo (when it has uncertain inputs, Bernoulli ratifier vetoes or an
outcome model), the sensitivity analysis and the what-if comparison (when those workflows are
installed), collects their JSON documents and hands them to the section builders
(:mod:`summitry.report.document.builders`). Nothing is recomputed in the report layer.
:func:`render_report` turns the document into files;
:func:`summitry.io.output.write_outputs` writes them all or none. The CLI
(``summitry report``) and the web studio both call these.
"""

from __future__ import annotations

import importlib
import shlex
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summitry import __version__
from summitry.errors import InputError, Problem
from summitry.report.document.model import Document, Figure

__all__ = [
    "FORMATS",
    "ReportRun",
    "build_document",
    "build_report",
    "render_report",
]

FORMATS = ("html", "md", "pdf")
"""Output formats of :func:`render_report`."""

DEFAULT_DRAWS = 10_000
SENSITIVITY_DRAWS = 256
"""Base sample of the sensitivity analysis (Saltelli: N (k + 2) model runs)."""
SENSITIVITY_METHODS = ("sobol", "tornado")
"""Sensitivity methods the report runs and shows (Sobol' table, tornado chart)."""


def _sensitivity_target(sim: Mapping[str, Any]) -> tuple[str, str]:
    """The probability whose sensitivity the report shows, and why it was chosen.

    P(settlement) at the horizon (else P(a comprehensive zone)) when it varies at all; when it
    is 0 or 1 in every draw its sensitivity indices are all zero, so the report explains the
    probability of the modal outcome instead.
    """
    hz = sim.get("horizon")
    if hz:
        first, e = "O6_SETTLEMENT", hz["outcomes"].get("O6_SETTLEMENT")
        modal = hz.get("modal") or max(hz["outcomes"], key=lambda k: hz["outcomes"][k]["p"] or 0)
    else:
        first, e = "settlement", sim["outcomes"]["settlement"]
        modal = max(sim["outcomes"], key=lambda k: sim["outcomes"][k]["p"] or 0)
    if e is not None and e.get("p") is not None and 0 < float(e["p"]) < 1:
        return first, f"The sensitivity analysis explains P({first})."
    return modal, (
        f"P({first}) is {e['p'] if e else 'undefined'} in every draw, so its sensitivity "
        f"indices are all zero; the sensitivity analysis explains P({modal}), the most likely "
        "outcome, instead."
    )


@dataclass(frozen=True)
class ReportRun:
    """A built report: the document, the result documents behind it and how it was run."""

    document: Document
    results: Any  # summitry.report.document.builders.Results
    seed: int | None
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)


class _Recorder:
    """An in-order ``map`` that keeps each Monte Carlo block's tally (for the convergence chart)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.tallies: list[Any] = []

    def map(self, fn: Callable[[Any], Any], iterable: Iterable[Any], /) -> Iterator[Any]:
        for t in self._inner.map(fn, iterable):
            self.tallies.append(t)
            yield t


def _optional(module: str) -> Any | None:
    """Import an optional workflow module; ``None`` when it is not installed (yet)."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name is not None and module.startswith(exc.name):
            return None
        raise


def _has_uncertainty(scenario: Any) -> bool:
    from summitry.engines.montecarlo.sampler import sample_space

    space = sample_space(scenario)
    return bool(space.paths or space.ratifiers) or (
        getattr(scenario, "outcome_model", None) is not None
    )


def _convergence(tallies: Sequence[Any], sim: Mapping[str, Any]) -> dict[str, Any] | None:
    """Cumulative counts per Monte Carlo block, for the convergence chart.

    With a horizon block: the horizon categories (per-draw probabilities, so the chart's band
    uses their running sums of squares); else the bargaining categories and side deals (counts,
    Wilson band). Categories that stay below 0.5% are left out.
    """
    from summitry.engines.montecarlo.simulate import CATEGORIES
    from summitry.report.document.builders import CATEGORY_LABELS

    if len(tallies) < 2:
        return None
    hz = sim.get("horizon")
    names: list[str]
    labels: dict[str, str]
    if hz and all(getattr(t, "horizon", ()) for t in tallies):
        names = list(hz["outcomes"])
        labels = {k: k for k in names}

        def values(t: Any) -> list[float]:
            return [float(x) for x in t.horizon[: len(names)]]

        def squares(t: Any) -> list[float] | None:
            return [float(x) for x in t.horizon_sq[: len(names)]]

    else:
        side_ids = list(sim.get("side_deals", {}))
        names = [*CATEGORIES, *side_ids]
        labels = {c: CATEGORY_LABELS.get(c, c) for c in CATEGORIES}
        labels.update({sid: f"side deal {sid} feasible" for sid in side_ids})

        def values(t: Any) -> list[float]:
            return [float(x) for x in (*t.outcomes, *t.side)]

        def squares(t: Any) -> list[float] | None:
            return None

    n: list[float] = []
    series: dict[str, list[float]] = {k: [] for k in names}
    sq_series: dict[str, list[float]] = {k: [] for k in names}
    total_n, totals, total_sq = 0.0, [0.0] * len(names), [0.0] * len(names)
    for t in tallies:
        total_n += float(t.n)
        for k, v in enumerate(values(t)):
            totals[k] += v
        sq = squares(t)
        for k, v in enumerate(sq or []):
            total_sq[k] += v
        n.append(total_n)
        for k, name in enumerate(names):
            series[name].append(totals[k])
            sq_series[name].append(total_sq[k])
    keep = [k for k in names if series[k][-1] / total_n >= 0.005]
    trace: dict[str, Any] = {
        "n": n,
        "series": {k: series[k] for k in keep},
        "labels": {k: labels.get(k, k) for k in keep},
    }
    if squares(tallies[0]) is not None:
        trace["squares"] = {k: sq_series[k] for k in keep}
    return trace


def _figure(fid: str, chart: tuple[str, str, str]) -> Figure:
    svg, title, alt = chart
    return Figure(id=fid, title=title, alt=alt, svg=svg)


def _figures(r: Any) -> dict[str, Figure | None]:
    from summitry.model.uncertain import point
    from summitry.report import charts

    s = r.loaded.scenario
    figs: dict[str, Figure | None] = {}
    positions: dict[str, dict[str, dict[str, Any]]] = {}
    for aid, per in s.positions.items():
        for iid, pos in per.items():
            ideal = point(pos.ideal)
            lo, hi = 0.0, 100.0
            if pos.acceptable is not None:
                lo, hi = point(pos.acceptable[0]), point(pos.acceptable[1])
            elif pos.reservation is not None:
                res = point(pos.reservation)
                lo, hi = (res, 100.0) if res <= ideal else (0.0, res)
            positions.setdefault(aid, {})[iid] = {
                "ideal": ideal,
                "lo": lo,
                "hi": hi,
                "hard": pos.hard,
            }
    names = {aid: a.name.split(" (")[0] for aid, a in s.actors.items()}
    figs["issues"] = _figure("issues", charts.issue_strip_chart(r.analysis, positions, names))
    sim = r.simulation
    if sim is not None:
        from summitry.report.document.builders import CATEGORY_LABELS

        ests = dict(sim["outcomes"])
        labels = dict(CATEGORY_LABELS)
        for sid, e in sim.get("side_deals", {}).items():
            ests[f"side:{sid}"] = e
            labels[f"side:{sid}"] = f"side deal {sid} feasible"
        figs["outcomes"] = _figure(
            "outcomes",
            charts.outcome_bars_chart(
                ests, labels, "Monte Carlo: probability of each bargaining outcome"
            ),
        )
        hz = sim.get("horizon")
        if hz:
            outs = {k: e for k, e in hz["outcomes"].items() if e.get("p") is not None}
            figs["horizon"] = _figure(
                "horizon",
                charts.outcome_bars_chart(
                    outs,
                    {k: f"{k} {v}" for k, v in hz.get("labels", {}).items()},
                    "Outcome at the horizon: probability of each category",
                ),
            )
    if r.convergence is not None:
        figs["convergence"] = _figure("convergence", charts.convergence_chart(r.convergence))
    g = r.gmcr
    if g is not None and g.get("status_quo") is not None:
        figs["gmcr"] = _figure("gmcr", charts.gmcr_graph_chart(g))
    sens = r.sensitivity
    if sens and sens.get("tornado"):
        figs["tornado"] = _figure(
            "tornado", charts.tornado_chart(sens["tornado"], str(sens.get("target", "target")))
        )
    comp = r.comparison
    if comp is not None and comp.get("variants"):
        from summitry.report.document.builders import variant_quantities

        figs["variants"] = _figure(
            "variants", charts.variants_chart(comp, variant_quantities(comp))
        )
    return figs


def _gmcr_model(path: Path, scenario: Any) -> Any:
    """The scenario's graph model: read from the file (located errors), or, for a variant,
    compiled from the merged scenario's ``gmcr:`` block."""
    from summitry.io.variant import is_variant
    from summitry.io.yamlfile import read_yaml
    from summitry.workflows.gmcr import LoadedGmcr, load_model

    if not is_variant(read_yaml(path, str(path), positions=False)):
        return load_model(path)
    from summitry.engines.gmcr.states import compile_conflict
    from summitry.model.gmcr import block_to_conflict

    conflict = block_to_conflict(scenario.gmcr)
    return LoadedGmcr(
        conflict=conflict,
        compiled=compile_conflict(conflict),
        source=str(path),
        block=scenario.gmcr,
    )


def _comparison(
    base: Path, loaded: Any, simulation: dict[str, Any], runs: list[tuple[Any, Any, dict[str, Any]]]
) -> dict[str, Any] | None:
    """The ``summitry.comparison/1`` document of the base and variant runs (same seed, draws).

    The same document as :func:`summitry.workflows.compare.compare_files`, built from runs that
    share one executor and the base run the report already has (deltas by its ``delta``).
    """
    comp = _optional("summitry.workflows.compare")
    if comp is None:
        return None
    head = {
        "id": loaded.scenario.id,
        "file": base.name,
        "title": loaded.scenario.title,
        "simulation": simulation,
    }
    base_p = comp.probabilities(simulation)
    variants = []
    for path, vl, sim in runs:
        var_p = comp.probabilities(sim)
        variants.append(
            {
                "id": vl.scenario.id,
                "file": Path(path).name,
                "title": vl.scenario.title,
                "simulation": sim,
                "delta": {k: comp.delta(v, base_p[k]) for k, v in var_p.items() if k in base_p},
            }
        )
    return {
        "format": comp.JSON_FORMAT,
        "summitry": __version__,
        "seed": simulation["seed"],
        "draws": simulation["draws"],
        "method": simulation["method"],
        "base": head,
        "variants": variants,
    }


def _command(path: Path, draws: int, seed: int | None, variants: Sequence[Path], out: str) -> str:
    parts = ["summitry", "report", str(path)]
    if seed is not None:
        parts += ["--draws", str(draws), "--seed", str(seed)]
    for v in variants:
        parts += ["--variants", str(v)]
    parts += ["--out", out]
    return shlex.join(parts)


def build_document(
    r: Any, params: Mapping[str, str], command: str, omitted: Sequence[str]
) -> Document:
    """Assemble the :class:`Document` of a :class:`~summitry.report.document.builders.Results`."""
    from summitry.model.checks import walk_cites
    from summitry.report.document.builders import build_sections
    from summitry.report.document.inputs import collect_citations, input_rows

    s = r.loaded.scenario
    sections = build_sections(r, _figures(r))
    inputs = input_rows(s)
    keys = [c for _, c in walk_cites(s)]
    for sec in sections:
        for b in sec.blocks:
            for sent in getattr(b, "sentences", ()):
                keys += list(sent.cites)
            for row in getattr(b, "row_cites", ()):
                keys += list(row)
    citations = collect_citations(keys, dict(s.sources), r.loaded.quote)
    subtitle = (
        s.question + " " if s.question else ""
    ) + f"Scenario {s.id}, information as of {s.as_of}, horizon {s.horizon}."
    return Document(
        title=f"Explained report: {s.title}",
        subtitle=subtitle,
        sections=sections,
        inputs=inputs,
        citations=citations,
        parameters=tuple(params.items()),
        command=command,
        version=__version__,
        omitted=tuple(omitted),
    )


def build_report(
    path: str | Path,
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int | None = None,
    variants: Sequence[str | Path] = (),
    workers: int = 1,
    out: str = "out",
    sensitivity_draws: int = SENSITIVITY_DRAWS,
) -> ReportRun:
    """Run every analysis the scenario supports and build the report's document.

    Parameters
    ----------
    path
        Scenario (or variant) YAML file.
    draws
        Monte Carlo draws (base, variants).
    seed
        Root seed; ``None`` draws a fresh one (recorded in the report and its command).
    variants
        Variant files to compare with the base (common random numbers: same seed).
    workers
        Local worker processes; results do not depend on it.
    out
        Output directory named in the report's reproduce command.
    sensitivity_draws
        Base sample size of the sensitivity analysis.

    Raises
    ------
    InputError
        For an invalid scenario or variant file, or bad options.
    """
    from summitry.io.scenario import load_scenario
    from summitry.report.bargaining import to_dict as analysis_dict
    from summitry.report.document.builders import Results
    from summitry.workflows.bargaining import analyze

    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 1:
        raise InputError(
            [
                Problem(
                    file="<command line>",
                    line=0,
                    col=0,
                    path="--draws",
                    message="the number of draws must be a positive integer",
                    value=repr(draws),
                    expected="an integer >= 1",
                    fix="pass e.g. --draws 10000",
                )
            ]
        )
    start = time.perf_counter()
    timings: dict[str, float] = {}
    p = Path(path)
    t0 = time.perf_counter()
    bargaining = analyze(p)
    analysis = analysis_dict(bargaining)
    analysis.pop("seconds", None)
    timings["bargaining"] = time.perf_counter() - t0
    loaded = bargaining.loaded
    scenario = loaded.scenario
    variant_loaded = [load_scenario(v) for v in variants]  # every file valid before running
    omitted: list[str] = []
    notes: list[str] = []

    gmcr = None
    if scenario.gmcr is not None:
        from summitry.workflows.gmcr import run as gmcr_run
        from summitry.workflows.gmcr import to_json

        t0 = time.perf_counter()
        gmcr = to_json(gmcr_run(_gmcr_model(p, scenario)))
        timings["gmcr"] = time.perf_counter() - t0

    simulation = convergence = sensitivity = comparison = None
    used_seed: int | None = None
    if _has_uncertainty(scenario) or variants:
        from summitry.rng import fresh_seed

        used_seed = fresh_seed() if seed is None else seed
    uncertain = _has_uncertainty(scenario)
    if uncertain or variants:
        from summitry.report.montecarlo import to_dict as simulation_dict
        from summitry.workflows.executors import open_executor
        from summitry.workflows.montecarlo import run_simulation

        t0 = time.perf_counter()
        with open_executor("local", workers=workers) as ex:
            rec = _Recorder(ex)
            mc = run_simulation(
                loaded, draws=draws, seed=used_seed, workers=ex.workers, executor=rec
            )
            simulation = simulation_dict(mc)
            convergence = _convergence(rec.tallies, simulation)
            timings["montecarlo"] = time.perf_counter() - t0
            if variants:
                t0 = time.perf_counter()
                var_sims = [
                    simulation_dict(
                        run_simulation(
                            v, draws=draws, seed=used_seed, workers=ex.workers, executor=ex
                        )
                    )
                    for v in variant_loaded
                ]
                comparison = _comparison(
                    p,
                    loaded,
                    simulation,
                    list(zip(variants, variant_loaded, var_sims, strict=True)),
                )
                timings["variants"] = time.perf_counter() - t0
                if comparison is None:
                    omitted.append("variant comparison (summitry.workflows.compare not installed)")
        if not uncertain:
            simulation = convergence = None
    if uncertain and simulation is not None:
        sens_mod = _optional("summitry.workflows.sensitivity")
        if sens_mod is None:
            omitted.append("sensitivity analysis (summitry.workflows.sensitivity not installed)")
        else:
            t0 = time.perf_counter()
            target, why = _sensitivity_target(simulation)
            sensitivity = sens_mod.run_sensitivity(
                loaded,
                draws=sensitivity_draws,
                seed=used_seed,
                workers=workers,
                target=target,
                methods=SENSITIVITY_METHODS,
            )
            notes.append(why)
            timings["sensitivity"] = time.perf_counter() - t0
    if not uncertain:
        notes.append(
            "The scenario has no uncertain inputs, so no Monte Carlo or sensitivity analysis "
            "was run."
        )
    results = Results(
        loaded=loaded,
        analysis=analysis,
        simulation=simulation,
        gmcr=gmcr,
        sensitivity=sensitivity,
        comparison=comparison,
        convergence=convergence,
        notes=tuple(notes),
    )
    params: dict[str, str] = {
        "scenario file": str(p),
        "scenario sha256": str(analysis["scenario"].get("sha256", "")),
        "scenario id": scenario.id,
        "seed": "-" if used_seed is None else str(used_seed),
        "Monte Carlo draws": "-" if simulation is None else f"{simulation['draws']}",
        "sampling method": "-" if simulation is None else str(simulation["method"]),
        "sensitivity base sample": "-" if sensitivity is None else str(sensitivity_draws),
        "sensitivity target": "-" if sensitivity is None else str(sensitivity.get("target")),
        "variant draws": "-" if comparison is None else str(comparison.get("draws")),
        "variants": ", ".join(str(v) for v in variants) or "-",
        "software": f"summitry {__version__}",
    }
    t0 = time.perf_counter()
    doc = build_document(
        results,
        params,
        _command(p, draws, used_seed, [Path(v) for v in variants], out),
        omitted,
    )
    timings["document"] = time.perf_counter() - t0
    return ReportRun(doc, results, used_seed, time.perf_counter() - start, timings)


def render_report(
    run: ReportRun, formats: Sequence[str] = ("html", "md"), *, stem: str = "report"
) -> dict[str, str | bytes]:
    """The report's files by name: ``report.html``, ``report.md`` (+ its SVG figures),
    ``report.pdf``."""
    from summitry.report.document.markdown import figure_file, render_markdown

    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise InputError(
            [
                Problem(
                    file="<command line>",
                    line=0,
                    col=0,
                    path="--format",
                    message="unknown report format",
                    value=repr(unknown[0]),
                    expected="html, md or pdf",
                    fix="pass --format html, --format md or --format pdf",
                )
            ]
        )
    files: dict[str, str | bytes] = {}
    html = ""
    if "html" in formats or "pdf" in formats:
        from summitry.report.document.html import render_html

        html = render_html(run.document)
    if "html" in formats:
        files[f"{stem}.html"] = html
    if "md" in formats:
        files[f"{stem}.md"] = render_markdown(run.document, figure_stem=stem)
        for sec in run.document.sections:
            for b in sec.blocks:
                if isinstance(b, Figure):
                    files[figure_file(stem, b)] = b.svg + "\n"
    if "pdf" in formats:
        from summitry.report.document.pdf import render_pdf

        files[f"{stem}.pdf"] = render_pdf(html)
    return files
