"""Spatial forecasts of a scenario: load -> arrays -> engine -> per-issue forecast records.

:func:`spatial_data` turns a validated :class:`~summitry.model.scenario.Scenario` into the arrays
the engines in :mod:`summitry.engines.spatial` work on; :func:`forecast` runs one model and
returns a :class:`SpatialForecast` with the forecast of every issue (0--100 and, when the issue
was rescaled, on its native scale) and, for the dynamic models, the per-round trajectory;
:func:`accuracy` scores models against the ``observed`` outcomes recorded in scenarios (mean
absolute error on the 0--100 scale, Achen 2006). Nothing here prints or parses command lines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from summitry.engines.spatial import baselines
from summitry.engines.spatial.eum import EUMOptions, run_eum
from summitry.engines.spatial.exchange import run_exchange
from summitry.engines.spatial.smp import run_smp
from summitry.errors import InputError, Problem, SummitryError
from summitry.model.scenario import Scenario
from summitry.model.uncertain import point
from summitry.rng import RNGLike, SeedLike

__all__ = [
    "AccuracyRow",
    "SpatialData",
    "SpatialForecast",
    "SpatialModel",
    "accuracy",
    "forecast",
    "load_any",
    "spatial_data",
]

FloatArray = NDArray[np.float64]


class SpatialModel(StrEnum):
    """Models of ``summitry forecast``."""

    MEAN = "mean"
    """Compromise model: capability × salience weighted mean."""
    MEDIAN = "median"
    """Capability × salience weighted median (Condorcet winner among the ideals)."""
    MEAN_CAPABILITY = "mean-capability"
    """Capability-only weighted mean."""
    MEDIAN_CAPABILITY = "median-capability"
    """Capability-only weighted median."""
    NBS = "nbs"
    """Exact asymmetric Nash bargaining solution (quadratic utilities, status quo disagreement)."""
    EUM = "eum"
    """Bueno de Mesquita's expected-utility model (Scholz et al. 2011); forecast: final median."""
    EXCHANGE = "exchange"
    """Stokman's equal-gain exchange model (Decide); forecast: voting outcome of the last round."""
    SMP = "smp"
    """KTAB's spatial model of politics (deterministic); forecast: expected position at the end."""


@dataclass(frozen=True, slots=True)
class SpatialData:
    """A scenario as arrays: ``(actors, issues)`` matrices, ``NaN`` where an actor is absent."""

    actors: tuple[str, ...]
    issues: tuple[str, ...]
    positions: FloatArray
    salience: FloatArray
    power: FloatArray
    status_quo: FloatArray
    observed: FloatArray
    native_range: tuple[tuple[float, float] | None, ...]
    sum_order: tuple[int, ...] = ()
    """Actors in the order their positions are listed (Decide's ``#D`` order)."""

    @property
    def capability_salience(self) -> FloatArray:
        """``power * salience`` with 0 where an actor is absent."""
        w = self.power * self.salience
        return np.where(np.isnan(self.positions), 0.0, w)


def spatial_data(scenario: Scenario) -> SpatialData:
    """Convert a scenario to :class:`SpatialData` (point values of uncertain numbers).

    Power is the actor's capability, or the per-issue value recorded by the Decide importer in
    ``conventions["decide.power.<actor>.<issue>"]``. Actors without any position (e.g. an outside
    actor kept for sensitivity runs) take no part in the spatial models.
    """
    actors = tuple(a for a in scenario.actors if scenario.positions.get(a))
    issues = tuple(scenario.issues)
    n, m = len(actors), len(issues)
    x = np.full((n, m), np.nan)
    s = np.zeros((n, m))
    c = np.zeros((n, m))
    conv = scenario.conventions
    for a, aid in enumerate(actors):
        cap = point(scenario.actors[aid].capability)
        for d, iid in enumerate(issues):
            key = f"decide.power.{aid}.{iid}"
            c[a, d] = float(conv[key]) if key in conv else cap
            pos = scenario.positions.get(aid, {}).get(iid)
            if pos is not None:
                x[a, d] = point(pos.ideal)
                s[a, d] = point(pos.salience)
    q = np.array([point(scenario.issues[i].status_quo) for i in issues])
    obs = np.array(
        [
            point(scenario.issues[i].observed.value)  # type: ignore[union-attr]
            if scenario.issues[i].observed is not None
            else np.nan
            for i in issues
        ]
    )
    native = tuple(scenario.issues[i].native_range for i in issues)
    listed = [a for a in scenario.positions if a in scenario.actors]
    order = tuple(actors.index(a) for a in listed) + tuple(
        k for k, a in enumerate(actors) if a not in scenario.positions
    )
    return SpatialData(actors, issues, x, s, c, q, obs, native, order)


@dataclass(frozen=True, slots=True)
class SpatialForecast:
    """The forecast of one model for every issue of a scenario."""

    model: str
    issues: tuple[str, ...]
    outcome: FloatArray
    """Forecast per issue on the 0--100 scale (``nan``: undefined, see ``notes``)."""
    native: tuple[float | None, ...]
    """Forecast on the issue's native scale, when it was rescaled."""
    trajectory: tuple[FloatArray, ...] = ()
    """Outcome after each round (dynamic models; round 0 = the input)."""
    details: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (see ``docs/spatial.md``, "JSON output")."""

        def num(v: float) -> float | None:
            return None if not np.isfinite(v) else round(float(v), 6)

        return {
            "model": self.model,
            "issues": {
                iid: {"forecast": num(v), "native": None if nat is None else num(nat)}
                for iid, v, nat in zip(self.issues, self.outcome, self.native, strict=True)
            },
            "trajectory": [
                {iid: num(v) for iid, v in zip(self.issues, row, strict=True)}
                for row in self.trajectory
            ],
            "details": self.details,
            "notes": list(self.notes),
        }


def _native(data: SpatialData, outcome: FloatArray) -> tuple[float | None, ...]:
    out: list[float | None] = []
    for v, rng in zip(outcome, data.native_range, strict=True):
        if rng is None or not np.isfinite(v):
            out.append(None)
        else:
            out.append(float(rng[0] + v * (rng[1] - rng[0]) / 100.0))
    return tuple(out)


_STATIC: dict[SpatialModel, Callable[[SpatialData], FloatArray]] = {
    SpatialModel.MEAN: lambda d: baselines.per_issue(
        baselines.compromise, d.positions, d.power, d.salience
    ),
    SpatialModel.MEDIAN: lambda d: baselines.per_issue(
        baselines.weighted_median, d.positions, d.power * d.salience
    ),
    SpatialModel.MEAN_CAPABILITY: lambda d: baselines.per_issue(
        baselines.weighted_mean, d.positions, d.power
    ),
    SpatialModel.MEDIAN_CAPABILITY: lambda d: baselines.per_issue(
        baselines.weighted_median, d.positions, d.power
    ),
}


def _nbs(data: SpatialData) -> tuple[FloatArray, list[str]]:
    out = np.full(len(data.issues), np.nan)
    notes: list[str] = []
    for d, iid in enumerate(data.issues):
        present = ~np.isnan(data.positions[:, d])
        out[d] = baselines.nash_bargaining(
            data.positions[present, d], data.power[present, d], float(data.status_quo[d])
        )
        if not np.isfinite(out[d]):
            notes.append(
                f"{iid}: no outcome is better than the status quo {data.status_quo[d]:g} for "
                "every actor (an ideal at it, or ideals on both sides of it), so the Nash "
                "bargaining solution is undefined"
            )
    return out, notes


def forecast(
    scenario: Scenario,
    model: SpatialModel | str,
    *,
    rounds: int | None = None,
    rng: RNGLike | SeedLike | None = None,
    tie_break: str = "order",
    exchange_rate: str = "equal",
    eum_options: EUMOptions | None = None,
) -> SpatialForecast:
    """Run one spatial model on a scenario.

    Parameters
    ----------
    scenario : Scenario
        A validated scenario.
    model : SpatialModel or str
        One of :class:`SpatialModel`.
    rounds : int, optional
        Rounds of the dynamic models (default 10 for ``eum`` and ``exchange``; for ``smp`` the
        most turns, default 100, before KTAB's stopping rule; the baselines ignore it).
    rng : Generator or seed, optional
        Randomness for the exchange model's ``tie_break="random"``.
    tie_break : {"order", "random"}
        Exchange model: Decide's deterministic tie order, or a seeded random choice.
    exchange_rate : {"equal", "random"}
        Exchange model: equal gain, or the random-rate variant (rates drawn from ``rng``).
    eum_options : EUMOptions, optional
        Expected-utility model options (default: Scholz's code).

    Returns
    -------
    SpatialForecast
    """
    kind = SpatialModel(model)
    data = spatial_data(scenario)
    notes: list[str] = []
    trajectory: tuple[FloatArray, ...] = ()
    details: dict[str, Any] = {}
    if kind is SpatialModel.NBS:
        outcome, notes = _nbs(data)
    elif kind is SpatialModel.EXCHANGE:
        outcome, trajectory, details = _exchange(data, rounds or 10, tie_break, rng, exchange_rate)
    elif kind is SpatialModel.EUM:
        outcome, trajectory, details = _eum(data, rounds or 10, eum_options)
    elif kind is SpatialModel.SMP:
        outcome, trajectory, details, smp_notes = _smp(data, rounds or 100)
        notes.extend(smp_notes)
    else:
        outcome = _STATIC[kind](data)
    return SpatialForecast(
        model=kind.value,
        issues=data.issues,
        outcome=outcome,
        native=_native(data, outcome),
        trajectory=trajectory,
        details=details,
        notes=tuple(notes),
    )


def _exchange(
    data: SpatialData,
    rounds: int,
    tie_break: str,
    rng: RNGLike | SeedLike | None,
    rate: str = "equal",
) -> tuple[FloatArray, tuple[FloatArray, ...], dict[str, Any]]:
    runs = run_exchange(
        data.positions,
        data.salience,
        data.power,
        rounds=rounds,
        rate=rate,
        tie_break=tie_break,
        sum_order=data.sum_order or None,
        rng=rng,
    )
    trajectory = (runs[0].preference_outcome, *(r.voting_outcome for r in runs))
    details = {
        "rounds": rounds,
        "rate": rate,
        "tie_break": tie_break,
        "seed": rng
        if isinstance(rng, int) and (rate == "random" or tie_break == "random")
        else None,
        "exchanges_per_round": [len(r.exchanges) for r in runs],
        "ties_per_round": [r.ties for r in runs],
        "preference_outcome": [
            {
                iid: round(float(v), 6)
                for iid, v in zip(data.issues, r.preference_outcome, strict=True)
            }
            for r in runs
        ],
    }
    return runs[-1].voting_outcome, trajectory, details


def _smp(
    data: SpatialData, max_turns: int
) -> tuple[FloatArray, tuple[FloatArray, ...], dict[str, Any], list[str]]:
    if np.isnan(data.positions).any():
        raise SummitryError(
            "the spatial model of politics needs every actor to hold a position on every "
            "issue; some positions are missing: add them, or use --model mean|median|exchange"
        )
    cap = data.power.max(axis=1)
    if np.any(cap <= 0):
        bad = [a for a, v in zip(data.actors, cap, strict=True) if v <= 0]
        raise SummitryError(
            f"the spatial model of politics needs capabilities > 0; actors {', '.join(bad)} "
            "have 0: give them a positive capability or remove them"
        )
    sal = data.salience.copy()
    notes: list[str] = []
    totals = sal.sum(axis=1)
    over = totals > 1 + 1e-12
    if over.any():
        sal[over] = sal[over] / totals[over, None]
        notes.append(
            "saliences of actors whose saliences sum to more than 1 were divided by their total "
            "(KTAB reads saliences as shares of attention): "
            + ", ".join(a for a, o in zip(data.actors, over, strict=True) if o)
        )
    if np.any(sal.sum(axis=1) <= 0):
        raise SummitryError(
            "the spatial model of politics needs a positive salience for every actor on some issue"
        )
    res = run_smp(data.positions, sal * 100.0, cap, max_turns=max_turns)
    final_p = res.probabilities[-1]
    details = {
        "turns": res.turns,
        "final_positions": {
            a: {
                iid: round(float(v), 6)
                for iid, v in zip(data.issues, res.positions[-1, k], strict=True)
            }
            for k, a in enumerate(data.actors)
        },
        "win_probability": {a: round(float(final_p[k]), 6) for k, a in enumerate(data.actors)},
        "change_ratio": [round(float(v), 6) for v in res.change_ratio],
    }
    return res.expected[-1], tuple(res.expected), details, notes


def _eum_salience(data: SpatialData) -> FloatArray:
    s = data.salience
    top = float(np.nanmax(s)) if s.size else 0.0
    if top > 100:
        raise SummitryError(
            f"the expected-utility model needs saliences in [0, 1] (or percentages); the largest "
            f"salience is {top:g}: rescale the saliences to 0-1"
        )
    return s / 100.0 if top > 1 else s


def _eum(
    data: SpatialData, rounds: int, options: EUMOptions | None
) -> tuple[FloatArray, tuple[FloatArray, ...], dict[str, Any]]:
    s = _eum_salience(data)
    m = len(data.issues)
    medians = np.full((rounds + 1, m), np.nan)
    means = np.full((rounds + 1, m), np.nan)
    moves: dict[str, list[list[dict[str, Any]]]] = {}
    for d, iid in enumerate(data.issues):
        present = np.flatnonzero(~np.isnan(data.positions[:, d]))
        x = data.positions[present, d]
        if present.size < 2 or float(x.max() - x.min()) == 0:
            medians[:, d] = means[:, d] = x[0] if present.size else np.nan
            continue
        res = run_eum(x, data.power[present, d], s[present, d], rounds=rounds, options=options)
        medians[0, d], means[0, d] = res.initial_median, res.initial_mean
        for k, rnd in enumerate(res.rounds, start=1):
            medians[k, d], means[k, d] = rnd.median, rnd.mean
        medians[len(res.rounds) + 1 :, d] = res.rounds[-1].median
        means[len(res.rounds) + 1 :, d] = res.rounds[-1].mean
        moves[iid] = [
            [
                {
                    "actor": data.actors[present[mv.actor]],
                    "partner": data.actors[present[mv.partner]],
                    "type": mv.kind,
                    "from": round(mv.old, 6),
                    "to": round(mv.new, 6),
                }
                for mv in rnd.moves
            ]
            for rnd in res.rounds
        ]
    details = {
        "rounds": rounds,
        "options": str(options or EUMOptions()),
        "mean_trajectory": [
            {iid: round(float(v), 6) for iid, v in zip(data.issues, row, strict=True)}
            for row in means
        ],
        "moves": moves,
    }
    return medians[-1], tuple(medians), details


@dataclass(frozen=True, slots=True)
class AccuracyRow:
    """Accuracy of one model over a set of scenarios with observed outcomes."""

    model: str
    n_issues: int
    mae: float
    """Mean absolute error on the 0--100 scale over issues with a defined forecast."""
    beats_mean: float
    """Share of issues on which the model is strictly closer to the outcome than the mean model."""
    errors: tuple[tuple[str, str, float], ...]
    """(scenario id, issue id, absolute error) for every scored issue."""


def accuracy(
    scenarios: Sequence[Scenario],
    models: Sequence[SpatialModel | str],
    *,
    rounds: int | None = None,
    rng: RNGLike | SeedLike | None = None,
) -> list[AccuracyRow]:
    r"""Score models by mean absolute error against the scenarios' ``observed`` outcomes.

    For every issue with an ``observed`` value, the error of model ``M`` is
    :math:`|\hat x_M - x_{obs}|` on the 0--100 scale; the MAE averages over issues (all
    scenarios pooled), as in Achen (2006, ch. 10 of Thomson et al., *The European Union
    Decides*). ``beats_mean`` is the share of issues on which the model is closer than the
    compromise (weighted-mean) model.

    Raises
    ------
    SummitryError
        When no scenario records an observed outcome.
    """
    if not any(i.observed is not None for s in scenarios for i in s.issues.values()):
        raise SummitryError(
            "no observed outcomes: record the real outcome of each issue under "
            "issues.<id>.observed (0-100) to score models"
        )
    base = {s.id: forecast(s, SpatialModel.MEAN) for s in scenarios}
    rows: list[AccuracyRow] = []
    for model in models:
        errors: list[tuple[str, str, float]] = []
        wins = 0
        for s in scenarios:
            fc = forecast(s, model, rounds=rounds, rng=rng)
            ref = base[s.id]
            for d, iid in enumerate(fc.issues):
                obs = s.issues[iid].observed
                if obs is None or not np.isfinite(fc.outcome[d]):
                    continue
                truth = point(obs.value)
                err = abs(float(fc.outcome[d]) - truth)
                errors.append((s.id, iid, err))
                wins += int(err < abs(float(ref.outcome[d]) - truth) - 1e-12)
        n = len(errors)
        rows.append(
            AccuracyRow(
                model=SpatialModel(model).value if isinstance(model, str) else model.value,
                n_issues=n,
                mae=float(np.mean([e for *_, e in errors])) if n else float("nan"),
                beats_mean=wins / n if n else float("nan"),
                errors=tuple(errors),
            )
        )
    return rows


def load_any(path: str | Path, *, input_format: str = "auto") -> Scenario:
    """Load a scenario YAML, or import a Decide or KTAB file on the fly.

    ``input_format`` is ``auto`` (by extension and content), ``scenario``, ``decide`` or ``ktab``.
    """
    from summitry.io.decide import decide_to_scenario, read_decide
    from summitry.io.scenario import load_scenario

    p = Path(path)
    fmt = input_format
    if fmt == "auto":
        suffix = p.suffix.lower()
        if suffix in (".yaml", ".yml"):
            fmt = "scenario"
        elif suffix == ".xml":
            fmt = "ktab"
        elif suffix in (".csv", ".txt", ".tsv"):
            head = (
                p.read_text(encoding="utf-8", errors="replace").lstrip()[:3] if p.is_file() else ""
            )
            fmt = "decide" if head.lstrip("'\"").startswith("#") else "ktab"
        else:
            fmt = "scenario"
    if fmt == "scenario":
        return load_scenario(p).scenario
    if fmt == "decide":
        return Scenario.model_validate(decide_to_scenario(read_decide(p)))
    if fmt == "ktab":
        from summitry.io.ktab import ktab_to_scenario, read_ktab

        return Scenario.model_validate(ktab_to_scenario(read_ktab(p)))
    raise InputError(
        [
            Problem(
                file=str(path),
                line=0,
                col=0,
                path="",
                message="unknown input format",
                value=fmt,
                expected="auto, scenario, decide or ktab",
                fix="pass --input-format auto|scenario|decide|ktab",
            )
        ]
    )
