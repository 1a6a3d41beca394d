"""Numbers that may be uncertain: a point value or a distribution over it.

Every numeric input of a scenario may be written as a plain number or as one of

* ``{range: [lo, hi]}`` -- uniform on ``[lo, hi]``; point value the midpoint;
* ``{triangular: [lo, mode, hi]}`` -- triangular; point value the mode;
* ``{normal: {mean: m, sd: s}}`` -- normal; point value the mean;
* ``{beta: {a: a, b: b, lo: 0, hi: 1}}`` -- beta on ``[lo, hi]``; point value the mean
  ``lo + (hi - lo) a / (a + b)``.

Deterministic engines use :func:`point`; the Monte Carlo engine samples the distribution.
"""

from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

__all__ = [
    "BetaParams",
    "BetaSpec",
    "NormalParams",
    "NormalSpec",
    "RangeSpec",
    "TriangularSpec",
    "Uncertain",
    "UncertainSpec",
    "point",
    "support",
    "user_error",
]

_FORMS = (
    "a number, {range: [lo, hi]}, {triangular: [lo, mode, hi]}, "
    "{normal: {mean: m, sd: s}} or {beta: {a: a, b: b}}"
)


def user_error(message: str, expected: str, fix: str) -> PydanticCustomError:
    """Build a validation error whose message, expectation and fix reach the user unchanged."""
    return PydanticCustomError(
        "summitry", "{message}", {"message": message, "expected": expected, "fix": fix}
    )


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def _finite(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise user_error(f"{what} is not a number", "a finite number", f"write {what} as a number")
    if not math.isfinite(value):
        raise user_error(
            f"{what} is not a finite number",
            "a finite number (not .nan or .inf)",
            f"replace {what} by a finite number",
        )
    return float(value)


class RangeSpec(_Spec):
    """Uniform uncertainty on ``[lo, hi]``."""

    range: tuple[float, float] = Field(description="[lo, hi], lo <= hi")


class TriangularSpec(_Spec):
    """Triangular uncertainty ``[lo, mode, hi]``."""

    triangular: tuple[float, float, float] = Field(description="[lo, mode, hi], lo <= mode <= hi")


class NormalParams(_Spec):
    """Parameters of a normal distribution."""

    mean: float
    sd: float = Field(description="standard deviation, > 0")


class NormalSpec(_Spec):
    """Normal uncertainty ``{mean, sd}``."""

    normal: NormalParams


class BetaParams(_Spec):
    """Parameters of a beta distribution rescaled to ``[lo, hi]``."""

    a: float = Field(description="shape a > 0")
    b: float = Field(description="shape b > 0")
    lo: float = 0.0
    hi: float = 1.0


class BetaSpec(_Spec):
    """Beta uncertainty ``{a, b, lo, hi}``."""

    beta: BetaParams


UncertainSpec = RangeSpec | TriangularSpec | NormalSpec | BetaSpec


def _numbers(raw: Any, n: int, name: str) -> list[float]:
    if not isinstance(raw, list | tuple) or len(raw) != n:
        shape = ", ".join(["lo", "mode", "hi"] if n == 3 else ["lo", "hi"])
        raise user_error(
            f"{name} must be a list of {n} numbers",
            f"{{{name}: [{shape}]}}",
            f"write {name} as [{shape}]",
        )
    return [_finite(v, f"each {name} bound") for v in raw]


def _parse(raw: Any) -> float | UncertainSpec:
    """Turn YAML input into a float or a spec, raising one clear error for anything else."""
    if isinstance(raw, RangeSpec | TriangularSpec | NormalSpec | BetaSpec):
        return raw
    if isinstance(raw, bool) or raw is None or isinstance(raw, str | list | tuple):
        raise user_error("not a number or uncertainty spec", _FORMS, "write a number such as 42")
    if isinstance(raw, int | float):
        return _finite(raw, "the value")
    if not isinstance(raw, dict) or len(raw) != 1:
        keys = sorted(str(k) for k in raw) if isinstance(raw, dict) else []
        raise user_error(
            f"an uncertainty spec has exactly one key, found {keys}",
            _FORMS,
            "keep one of range, triangular, normal, beta",
        )
    ((kind, body),) = raw.items()
    if kind == "range":
        lo, hi = _numbers(body, 2, "range")
        if lo > hi:
            raise user_error(
                f"range has lo {lo:g} > hi {hi:g}", "lo <= hi", f"write range: [{hi:g}, {lo:g}]"
            )
        return RangeSpec(range=(lo, hi))
    if kind == "triangular":
        lo, mode, hi = _numbers(body, 3, "triangular")
        if not lo <= mode <= hi:
            raise user_error(
                f"triangular [{lo:g}, {mode:g}, {hi:g}] is not ordered",
                "lo <= mode <= hi",
                "order the three numbers as [lo, mode, hi]",
            )
        return TriangularSpec(triangular=(lo, mode, hi))
    if kind == "normal":
        if not isinstance(body, dict) or set(body) != {"mean", "sd"}:
            raise user_error(
                "normal needs exactly mean and sd", "{normal: {mean: m, sd: s}}", "give mean and sd"
            )
        mean, sd = _finite(body["mean"], "mean"), _finite(body["sd"], "sd")
        if sd <= 0:
            raise user_error(
                f"normal sd {sd:g} is not positive",
                "sd > 0",
                "give a positive sd or a plain number",
            )
        return NormalSpec(normal=NormalParams(mean=mean, sd=sd))
    if kind == "beta":
        allowed = {"a", "b", "lo", "hi"}
        if not isinstance(body, dict) or not {"a", "b"} <= set(body) <= allowed:
            raise user_error(
                "beta needs a and b (and optionally lo, hi)",
                "{beta: {a: a, b: b, lo: 0, hi: 1}}",
                "give the shapes a and b",
            )
        p = {k: _finite(v, k) for k, v in body.items()}
        if p["a"] <= 0 or p["b"] <= 0:
            raise user_error(
                "beta shapes must be positive", "a > 0 and b > 0", "give positive a and b"
            )
        if p.get("lo", 0.0) >= p.get("hi", 1.0):
            raise user_error("beta has lo >= hi", "lo < hi", "swap lo and hi")
        return BetaSpec(beta=BetaParams(**p))
    raise user_error(
        f"unknown uncertainty kind {kind!r}", _FORMS, "use range, triangular, normal or beta"
    )


Uncertain = Annotated[float | UncertainSpec, BeforeValidator(_parse)]
"""A point value or an uncertainty spec (see module docstring)."""


def point(value: float | UncertainSpec) -> float:
    """Return the point value used by deterministic engines (midpoint, mode or mean)."""
    if isinstance(value, float | int):
        return float(value)
    if isinstance(value, RangeSpec):
        return (value.range[0] + value.range[1]) / 2.0
    if isinstance(value, TriangularSpec):
        return value.triangular[1]
    if isinstance(value, NormalSpec):
        return value.normal.mean
    b = value.beta
    return b.lo + (b.hi - b.lo) * b.a / (b.a + b.b)


def support(value: float | UncertainSpec) -> tuple[float, float]:
    """Return the smallest interval holding every possible value (infinite for a normal)."""
    if isinstance(value, float | int):
        return float(value), float(value)
    if isinstance(value, RangeSpec):
        return value.range
    if isinstance(value, TriangularSpec):
        return value.triangular[0], value.triangular[2]
    if isinstance(value, NormalSpec):
        return -math.inf, math.inf
    return value.beta.lo, value.beta.hi
