"""Sensitivity results (``summitry.sensitivity/1`` documents) as plain text.

The document itself is built by :func:`summitry.workflows.sensitivity.run_sensitivity`; this
module only renders it: the seed first, the top Sobol' indices, the Morris screening, a tornado
table drawn with text bars, and the inverse search's answer in one plain sentence.
"""

from __future__ import annotations

from typing import Any

__all__ = ["inverse_sentence", "render_text"]

TOP = 10
"""Rows shown per table (the JSON holds every input)."""

_BAR = 40


def _p(v: float) -> str:
    return f"{v:.4f}"


def _num(v: float) -> str:
    return f"{v:.4g}"


def _change(c: dict[str, Any]) -> str:
    verb = "raised" if c["u"] > 0.5 else "lowered"
    return (
        f"{c['input']} {verb} from its median {_num(c['from'])} to {_num(c['to'])} "
        f"(its {100 * c['u']:.1f}th percentile)"
    )


def inverse_sentence(doc: dict[str, Any]) -> str:
    """The inverse search's answer as one plain sentence."""
    inv = doc["inverse"]
    target = doc["target"]
    rival = inv["competitor"]
    head = (
        f"P({target}) = {_p(inv['base_p'])} against {_p(inv['competitor_p'])} for the most "
        f"likely competitor ({rival})"
    )
    if inv["already_most_likely"]:
        return f"{head}: {target} is already the most likely outcome; nothing has to change."
    single = [t for t in inv["single"] if t["most_likely"]]
    if single:
        best = single[0]
        return (
            f"{head}; the smallest single change that makes {target} the most likely outcome "
            f"is {_change(best['changes'][0])}, where P({target}) = {best['p']:.5f} exceeds "
            f"{best['competitor_p']:.5f}."
        )
    pairs = [t for t in inv["pairs"] if t["most_likely"]]
    if pairs:
        best = pairs[0]
        a, b = best["changes"]
        return (
            f"{head}; no single input suffices, but the pair {_change(a)} and {_change(b)} "
            f"makes {target} the most likely outcome (P = {best['p']:.5f} against "
            f"{best['competitor_p']:.5f})."
        )
    top = ", ".join(inv["pair_inputs"]) or "none"
    closest = max(inv["single"], key=lambda t: t["p"] - t["competitor_p"], default=None)
    near = ""
    if closest is not None and closest["p"] != inv["base_p"]:
        near = (
            f" (the closest single change, {_change(closest['changes'][0])}, gives "
            f"P({target}) = {_p(closest['p'])} against {_p(closest['competitor_p'])})"
        )
    return (
        f"{head}; no single input anywhere in its uncertainty range, and no pair of the most "
        f"influential inputs ({top}), makes {target} the most likely outcome{near}: the "
        "answer does not hinge on one or two uncertain numbers."
    )


def _span(low: float, high: float, base: float) -> str:
    """A text tornado bar on [0, 1]: ``L`` / ``H`` at P with the input at its 10th / 90th
    percentile, ``=`` between them, ``|`` at the base probability."""
    cells = ["."] * (_BAR + 1)
    a, b = sorted((round(low * _BAR), round(high * _BAR)))
    for i in range(a, b + 1):
        cells[i] = "="
    cells[round(base * _BAR)] = "|"
    cells[round(low * _BAR)] = "L"
    cells[round(high * _BAR)] = "H"
    return "0 " + "".join(cells) + " 1"


def render_text(doc: dict[str, Any]) -> str:
    """A plain-text summary of a ``summitry.sensitivity/1`` document; the seed comes first."""
    target = doc["target"]
    seed = doc["seed"]
    out = [
        (
            f"Sensitivity of P({target}) in {doc['scenario']['id']!r}: seed {seed} "
            f"(repeat with --seed {seed})"
        ),
        (
            f"{len(doc['inputs'])} inputs on the unit cube (uncertain inputs, then ratifier "
            f"vetoes); base sample {doc['draws']} draws; model runs: "
            + ", ".join(f"{k} {v:,}" for k, v in doc["model_runs"].items())
        ),
    ]
    if doc.get("competitors") is not None:
        out.append(f"Competing outcomes: {', '.join(doc['competitors'])}")
    else:
        out.append(f"Competing outcome: not {target} (most likely means P > 0.5)")
    if doc.get("sobol") is not None:
        des = doc["sobol_design"]
        out += ["", f"Sobol' indices (n = {des['n']}, mean {des['mean']:.4f}; 95% BCa bootstrap):"]
        if des["constant"]:
            out.append(
                f"  P({target}) is constant ({des['mean']:.4f}) over the whole design: no input "
                "moves it, every index is 0."
            )
        else:
            out.append(
                f"  {'input':<48} {'S1':>7} {'95% interval':>18} {'ST':>7} {'95% interval':>18}"
            )
            for r in doc["sobol"][:TOP]:
                out.append(
                    f"  {r['input']:<48} {r['S1']:7.3f} "
                    f"[{r['S1_95'][0]:6.3f}, {r['S1_95'][1]:6.3f}] {r['ST']:7.3f} "
                    f"[{r['ST_95'][0]:6.3f}, {r['ST_95'][1]:6.3f}]"
                )
    if doc.get("morris") is not None:
        des = doc["morris_design"]
        out += [
            "",
            (
                f"Morris screening ({des['trajectories']} trajectories, {des['levels']} levels, "
                f"step {des['delta']:g} on the unit cube):"
            ),
            f"  {'input':<48} {'mu*':>8} {'mu':>8} {'sigma':>8}",
        ]
        out += [
            f"  {r['input']:<48} {r['mu_star']:8.4f} {r['mu']:8.4f} {r['sigma']:8.4f}"
            for r in doc["morris"][:TOP]
        ]
    if doc.get("tornado") is not None:
        out += [
            "",
            (
                f"Tornado: P({target}) = {doc['base_p']:.4f} on the base draws; each input "
                "fixed at its 10th / 90th percentile (same draws for every input):"
            ),
            f"  {'input':<48} {'value @10%':>11} {'P':>7} {'value @90%':>11} {'P':>7} {'swing':>7}",
        ]
        for r in doc["tornado"][:TOP]:
            lo, hi = r["low"], r["high"]
            out.append(
                f"  {r['input']:<48} {_num(lo['value']):>11} {lo['p']:7.4f} "
                f"{_num(hi['value']):>11} {hi['p']:7.4f} {r['swing']:7.4f}"
            )
            out.append(f"  {'':<48} {_span(lo['p'], hi['p'], doc['base_p'])}")
    if doc.get("inverse") is not None:
        out += ["", "What would have to change:", "  " + inverse_sentence(doc)]
    return "\n".join(out) + "\n"
