"""The editor's form view: the numbers behind the sliders, edits to YAML text, variant diffs.

:func:`form_fields` lists the inputs an analyst moves most (ideal points, reservations and
saliences of every position, costs of conflict, trust), each with its field path and its point
value. :func:`patch_yaml` writes new values into the YAML text with ruamel's round-trip
dumper, so comments, order and flow style survive. An uncertain value keeps its uncertainty
where it can: a triangular's mode moves (its support widens to include the new mode), a range
or normal moves with its centre; other forms become the plain number.
:func:`variant_changes` turns an edited document into the ``changes:`` list of an overlay.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from summitry.errors import InputError, Problem
from summitry.io.yamlfile import locate, yaml_error

__all__ = ["form_fields", "parse_text", "patch_yaml", "variant_changes"]

Path_ = tuple[str | int, ...]


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    return yaml


def parse_text(text: str, name: str = "<editor>") -> Any:
    """Parse YAML text with positions; a syntax error becomes a located InputError."""
    try:
        return _yaml().load(text)
    except YAMLError as exc:
        raise yaml_error(exc, name) from None


def _point(v: Any) -> float | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float):
        return float(v)
    if isinstance(v, dict):
        if "triangular" in v and len(v["triangular"]) == 3:
            return float(v["triangular"][1])
        if "range" in v and len(v["range"]) == 2:
            return (float(v["range"][0]) + float(v["range"][1])) / 2
        if "normal" in v and isinstance(v["normal"], dict) and "mean" in v["normal"]:
            return float(v["normal"]["mean"])
        if "beta" in v and isinstance(v["beta"], dict):
            b = v["beta"]
            lo, hi = float(b.get("lo", 0)), float(b.get("hi", 1))
            return lo + (hi - lo) * float(b["a"]) / (float(b["a"]) + float(b["b"]))
    return None


def _spec(v: Any) -> str:
    if isinstance(v, dict):
        return next(iter(v), "number")
    return "number"


def form_fields(data: Any) -> list[dict[str, Any]]:
    """The slider fields of a scenario document, in file order.

    Each field is ``{"path", "group", "label", "value", "spec", "min", "max", "step", "line"}``
    where ``path`` is a list of keys and ``spec`` the form of the value (``number``,
    ``triangular``, ...).
    """
    out: list[dict[str, Any]] = []
    if not isinstance(data, dict):
        return out

    def add(path: Path_, group: str, label: str, v: Any, lo: float, hi: float) -> None:
        p = _point(v)
        if p is None:
            return
        line, _ = locate(data, path)
        out.append(
            {
                "path": list(path),
                "group": group,
                "label": label,
                "value": p,
                "spec": _spec(v),
                "min": min(lo, p),
                "max": max(hi, p),
                "step": (hi - lo) / 100,
                "line": line,
            }
        )

    positions = data.get("positions")
    if isinstance(positions, dict):
        for actor, issues in positions.items():
            if not isinstance(issues, dict):
                continue
            for issue, pos in issues.items():
                if not isinstance(pos, dict):
                    continue
                base = ("positions", str(actor), str(issue))
                who = f"{actor} on {issue}"
                if "ideal" in pos:
                    add((*base, "ideal"), "ideal points", f"{who}: ideal", pos["ideal"], 0, 100)
                if "reservation" in pos:
                    add(
                        (*base, "reservation"),
                        "reservations",
                        f"{who}: reservation",
                        pos["reservation"],
                        0,
                        100,
                    )
                if "salience" in pos:
                    add(
                        (*base, "salience"),
                        "saliences",
                        f"{who}: salience",
                        pos["salience"],
                        0,
                        1,
                    )
    dis = data.get("disagreement")
    cost = dis.get("cost") if isinstance(dis, dict) else None
    if isinstance(cost, dict):
        for actor, c in cost.items():
            v = c.get("value") if isinstance(c, dict) else c
            path: Path_ = ("disagreement", "cost", str(actor))
            if isinstance(c, dict):
                path = (*path, "value")
            add(path, "costs of conflict", f"{actor}: cost of conflict", v, 0, 100)
    com = data.get("commitment")
    trust = com.get("trust") if isinstance(com, dict) else None
    if isinstance(trust, dict):
        for a, row in trust.items():
            if isinstance(row, dict):
                for b, v in row.items():
                    path = ("commitment", "trust", str(a), str(b))
                    add(path, "trust", f"{a} trusts {b}", v, 0, 1)
    return out


def _key(node: Any, part: str | int) -> Any:
    if isinstance(node, list) and isinstance(part, int | str) and str(part).isdigit():
        return int(part)
    if part in node:
        return part
    for k in node:
        if str(k) == str(part):
            return k
    return part


def _keep(orig: Any, x: float) -> Any:
    """``orig`` itself when it equals ``x`` (keeps ``100`` from becoming ``100.0``)."""
    return orig if float(orig) == x else _tidy(x)


def _moved(old: Any, new: float) -> Any:
    """``old`` with its point value moved to ``new``, keeping the uncertainty where possible."""
    if isinstance(old, dict):
        if "triangular" in old and len(old["triangular"]) == 3:
            lo, _, hi = old["triangular"]
            return {
                "triangular": [_keep(lo, min(float(lo), new)), new, _keep(hi, max(float(hi), new))]
            }
        if "range" in old and len(old["range"]) == 2:
            lo, hi = (float(x) for x in old["range"])
            half = (hi - lo) / 2
            return {"range": [_tidy(new - half), _tidy(new + half)]}
        if "normal" in old and isinstance(old["normal"], dict):
            return {"normal": {**{str(k): v for k, v in old["normal"].items()}, "mean": new}}
    return new


def _tidy(x: float) -> int | float:
    r = round(x, 6)
    return int(r) if float(r).is_integer() else r


def _flow(v: Any) -> str:
    """A value as YAML flow text (numbers, lists, mappings with plain keys)."""
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {_flow(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_flow(x) for x in v) + "]"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(_tidy(v))
    return str(v)


def _span(line: str, col: int) -> int | None:
    """End (exclusive) of the flow value starting at ``line[col]``; ``None`` if not one line."""
    if col >= len(line):
        return None
    depth, quote = 0, ""
    for i in range(col, len(line)):
        ch = line[i]
        if quote:
            if ch == quote:
                quote = ""
            continue
        if ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            if depth == 0:
                return i
            depth -= 1
            if depth == 0:
                return i + 1
        elif depth == 0 and (ch == "," or (ch == "#" and line[i - 1] in " \t")):
            return len(line[:i].rstrip()) if ch == "#" else i
    return None if depth else len(line.rstrip())


def _splice(lines: list[str], node: Any, key: Any, new: Any) -> bool:
    """Replace the text of ``node[key]`` in ``lines`` by ``new``; False when not possible."""
    try:
        line, col = node.lc.value(key)
    except (AttributeError, KeyError, TypeError):
        return False
    old = node[key]
    fa = getattr(old, "fa", None)
    if isinstance(old, dict | list) and old and fa is not None and not fa.flow_style():
        return False
    if line >= len(lines):
        return False
    text = lines[line]
    end = _span(text, col)
    if end is None or end <= col:
        return False
    lines[line] = text[:col] + _flow(new) + text[end:]
    return True


def patch_yaml(text: str, changes: list[tuple[list[str | int], float]]) -> str:
    """Set each ``(path, number)`` in the YAML text; return the new text.

    Each value is replaced in place in the text (everything else, comments and alignment
    included, is kept byte for byte); a value written in block style is rewritten with
    ruamel's round-trip dumper instead.

    Raises
    ------
    InputError
        When the text does not parse or a path does not exist.
    """
    for path, value in changes:
        data = parse_text(text)
        node = data
        for part in path[:-1]:
            if not isinstance(node, dict | list):
                node = None
                break
            k = _key(node, part)
            if isinstance(node, dict) and k not in node:
                node = None
                break
            node = node[k]
        if not isinstance(node, dict) or not path or _key(node, path[-1]) not in node:
            raise InputError(
                [
                    Problem(
                        file="<form>",
                        line=0,
                        col=0,
                        path=".".join(str(p) for p in path),
                        message="no such field in the scenario",
                        value=None,
                        expected="a field listed by the form view",
                        fix="reload the form view",
                    )
                ]
            )
        k = _key(node, path[-1])
        new = _moved(node[k], _tidy(value))
        lines = text.split("\n")
        if _splice(lines, node, k, new):
            text = "\n".join(lines)
            continue
        node[k] = new
        out = io.StringIO()
        _yaml().dump(data, out)
        text = out.getvalue()
    return text


def _plain(v: Any) -> Any:
    if isinstance(v, dict):
        return {str(k) if not isinstance(k, int | float) else k: _plain(x) for k, x in v.items()}
    if isinstance(v, list | tuple):
        return [_plain(x) for x in v]
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, int):
        return int(v)
    if isinstance(v, float):
        return float(v)
    return str(v)


def variant_changes(base: Any, edited: Any) -> list[dict[str, Any]]:
    """The ``changes:`` that turn the ``base`` document into ``edited`` (leaf by leaf).

    A mapping or list whose keys differ is replaced whole; ``id`` and ``title`` are the
    variant's own and never listed.
    """
    out: list[dict[str, Any]] = []

    def walk(a: Any, b: Any, path: list[str]) -> None:
        if isinstance(a, dict) and isinstance(b, dict) and set(map(str, a)) == set(map(str, b)):
            keys = {str(k): k for k in a}
            kb = {str(k): k for k in b}
            for sk in keys:
                if not path and sk in ("id", "title"):
                    continue
                walk(a[keys[sk]], b[kb[sk]], [*path, sk])
            return
        if (
            isinstance(a, list)
            and isinstance(b, list)
            and len(a) == len(b)
            and not (len(a) in (2, 3) and all(isinstance(x, int | float) for x in (*a, *b)))
        ):
            for i, (x, y) in enumerate(zip(a, b, strict=True)):
                walk(x, y, [*path, str(i)])
            return
        pa, pb = _plain(a), _plain(b)
        if pa != pb and path:
            out.append({"path": ".".join(path), "value": pb})

    walk(base, edited, [])
    return out
