"""Read YAML documents with line and column positions, and turn validation errors into Problems.

YAML is read with ruamel.yaml's round-trip loader (YAML 1.2: ``NO`` stays a string, duplicate
keys are errors), which keeps the position of every key and value. A pydantic error location or a
cross-field :class:`~summitry.model.checks.Violation` path is walked through the loaded document to
the deepest node that exists, giving ``file:line:column`` for every message.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from summitry.errors import InputError, Problem, format_value
from summitry.model.violation import Violation

__all__ = [
    "MAX_FILE_BYTES",
    "Document",
    "dump_yaml",
    "locate",
    "problems_from_validation",
    "read_text",
    "read_yaml",
]

MAX_FILE_BYTES = 5 * 1024 * 1024
"""Largest input file accepted (scenario files are a few kilobytes)."""

Loc = tuple[str | int | float, ...]


class Document:
    """A parsed YAML file: its data and what is needed to locate a field path in it."""

    def __init__(self, name: str, data: Any) -> None:
        self.name = name
        self.data = data

    def locate(self, loc: Loc, *, at_key: bool = False) -> tuple[int, int]:
        """Return the 1-based (line, column) of the deepest node of ``loc`` present."""
        return locate(self.data, loc, at_key=at_key)

    def problem(
        self,
        loc: Loc,
        message: str,
        value: Any,
        expected: str,
        fix: str,
        *,
        at_key: bool = False,
        show_value: bool = True,
    ) -> Problem:
        """Build a located :class:`~summitry.errors.Problem` for the field path ``loc``."""
        line, col = self.locate(loc, at_key=at_key)
        return Problem(
            file=self.name,
            line=line,
            col=col,
            path=".".join(str(_plain_key(p)) for p in loc),
            message=message,
            value=format_value(_plain(value)) if show_value else None,
            expected=expected,
            fix=fix,
        )

    def problem_from(self, v: Violation) -> Problem:
        """Locate a cross-field :class:`~summitry.model.violation.Violation`."""
        return self.problem(
            v.loc,
            v.message,
            v.value,
            v.expected,
            v.fix,
            at_key=v.at_key,
            show_value=v.value is not None,
        )


def _plain_key(part: Any) -> Any:
    if isinstance(part, float) and part.is_integer():
        return int(part)
    return part


def _plain(value: Any) -> Any:
    """Convert ruamel containers and scalars to plain Python for display."""
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    return value


def locate(root: Any, loc: Loc, *, at_key: bool = False) -> tuple[int, int]:
    """Walk ``loc`` through ruamel containers; return the 1-based position of the deepest node."""
    if not isinstance(root, CommentedMap | CommentedSeq):
        return 1, 1
    node: Any = root
    line, col = root.lc.line, root.lc.col
    for depth, part in enumerate(loc):
        last = depth == len(loc) - 1
        if isinstance(node, CommentedMap) and part in node:
            if last and at_key:
                line, col = node.lc.key(part)
            else:
                line, col = node.lc.value(part)
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            line, col = node.lc.item(part)
            node = node[part]
        else:
            continue
    return line + 1, col + 1


def read_text(path: Path, name: str) -> str:
    """Read a UTF-8 text file, refusing missing, empty, oversized and binary files."""

    def fail(
        message: str, value: Any, expected: str, fix: str, line: int = 1, col: int = 1
    ) -> None:
        raise InputError(
            [
                Problem(
                    file=name,
                    line=line,
                    col=col,
                    path="",
                    message=message,
                    value=None if value is None else format_value(value),
                    expected=expected,
                    fix=fix,
                )
            ]
        )

    if not path.is_file():
        fail(
            "file not found" if not path.exists() else "not a regular file",
            None,
            "a readable file",
            "check the path",
        )
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        fail(
            f"file is too large ({size / 1024 / 1024:.1f} MB)",
            None,
            f"at most {MAX_FILE_BYTES // 1024 // 1024} MB",
            "split the file or check that it is the right one",
        )
    raw = path.read_bytes()
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        col = nul - (raw.rfind(b"\n", 0, nul) + 1) + 1
        fail(
            "binary file (contains a NUL byte)",
            None,
            "a UTF-8 text file",
            "give the YAML text file, not a binary",
            line,
            col,
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        fail(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x})",
            None,
            "a UTF-8 text file",
            "save the file as UTF-8",
            line,
            col,
        )
    if not text.strip():
        fail("file is empty", None, "a YAML mapping", "write the document, or give another file")
    return text.removeprefix("\ufeff")


class _Constructor(RoundTripConstructor):
    """Round-trip constructor that keeps timestamps as text (pydantic parses and locates them)."""


class _FastConstructor(SafeConstructor):
    """Safe constructor with the same timestamp rule, for the fast path without positions."""


for _cls in (_Constructor, _FastConstructor):
    _cls.add_constructor(
        "tag:yaml.org,2002:timestamp",
        lambda constructor, node: constructor.construct_scalar(node),
    )


def yaml_error(exc: YAMLError, shown: str) -> InputError:
    """A YAML parser error as a located :class:`InputError` (syntax error, duplicate key)."""
    if isinstance(exc, MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        what = (exc.problem or "invalid YAML").strip()
        if "duplicate key" in what or "found duplicate key" in str(exc):
            message = "duplicate key " + _duplicate_key_name(str(exc))
            expected, fix = "each key once per mapping", "remove or rename the repeated key"
        else:
            message = f"YAML syntax error: {what}"
            expected = "valid YAML"
            fix = "check indentation, colons and quotes near this position"
        return InputError(
            [
                Problem(
                    file=shown,
                    line=line,
                    col=col,
                    path="",
                    message=message,
                    value=None,
                    expected=expected,
                    fix=fix,
                )
            ]
        )
    return InputError(
        [
            Problem(
                file=shown,
                line=0,
                col=0,
                path="",
                message=f"YAML error: {exc}",
                value=None,
                expected="valid YAML",
                fix="check the file's syntax",
            )
        ]
    )


def read_yaml(path: Path, name: str | None = None, *, positions: bool = True) -> Document:
    """Parse a YAML file; syntax errors and duplicate keys become located Problems.

    ``positions=False`` uses the safe loader (about twice as fast, same YAML 1.2 semantics,
    duplicate keys still rejected) whose data carry no line numbers: callers re-read with
    positions when they have problems to report.
    """
    shown = name if name is not None else str(path)
    text = read_text(path, shown)
    yaml = YAML(typ="rt") if positions else YAML(typ="safe", pure=True)
    yaml.Constructor = _Constructor if positions else _FastConstructor
    try:
        data = yaml.load(text)
    except YAMLError as exc:
        raise yaml_error(exc, shown) from None
    if data is None:
        raise InputError(
            [
                Problem(
                    file=shown,
                    line=1,
                    col=1,
                    path="",
                    message="file has no YAML content",
                    value=None,
                    expected="a YAML mapping",
                    fix="write the document (comments alone are not a scenario)",
                )
            ]
        )
    if not isinstance(data, dict):
        raise InputError(
            [
                Problem(
                    file=shown,
                    line=1,
                    col=1,
                    path="",
                    message="top level is not a mapping",
                    value=format_value(_plain(data)),
                    expected="a YAML mapping (key: value lines)",
                    fix="start the file with top-level keys such as id: and title:",
                )
            ]
        )
    return Document(shown, data)


def _duplicate_key_name(text: str) -> str:
    marker = 'found duplicate key "'
    if marker in text:
        return repr(text.split(marker, 1)[1].split('"', 1)[0])
    return "in a mapping"


# --------------------------------------------------------------------------- pydantic errors


def _unwrap(tp: Any) -> list[Any]:
    """Return the concrete alternatives of a type (Annotated and unions flattened)."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin is typing.Union or origin is types.UnionType:
        out: list[Any] = []
        for arg in typing.get_args(tp):
            out.extend(_unwrap(arg))
        return out
    return [tp]


def _fields_at(model: type[BaseModel], loc: Sequence[Any]) -> list[str] | None:
    """Field names allowed at the mapping that ``loc`` points into (``None`` if unknown)."""
    current: list[Any] = [model]
    for part in loc:
        nxt: list[Any] = []
        for tp in current:
            if isinstance(tp, type) and issubclass(tp, BaseModel):
                if isinstance(part, str) and part in tp.model_fields:
                    nxt.extend(_unwrap(tp.model_fields[part].annotation))
            elif typing.get_origin(tp) in (dict, tuple, list):
                args = typing.get_args(tp)
                if args:
                    nxt.extend(_unwrap(args[-1] if typing.get_origin(tp) is dict else args[0]))
        current = nxt
    for tp in current:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return list(tp.model_fields)
    return None


_SIMPLE: dict[str, tuple[str, str, str]] = {
    "float_type": ("not a number", "a number", "write a number such as 42"),
    "float_parsing": ("not a number", "a number", "write a number such as 42"),
    "int_type": ("not a whole number", "an integer", "write a whole number"),
    "int_parsing": ("not a whole number", "an integer", "write a whole number"),
    "finite_number": (
        "not a finite number",
        "a finite number (not .nan or .inf)",
        "replace it by a finite number",
    ),
    "string_type": ("not text", "a text string", "write text, quoted if it looks like a number"),
    "bool_type": ("not true or false", "true or false", "write true or false"),
    "bool_parsing": ("not true or false", "true or false", "write true or false"),
    "date_type": ("not a date", "a date YYYY-MM-DD", "write the date as YYYY-MM-DD"),
    "date_parsing": ("not a date", "a date YYYY-MM-DD", "write the date as YYYY-MM-DD"),
    "date_from_datetime_parsing": (
        "not a date",
        "a date YYYY-MM-DD",
        "write the date as YYYY-MM-DD",
    ),
    "dict_type": ("not a mapping", "a mapping (key: value)", "write key: value entries"),
    "model_type": ("not a mapping", "a mapping (key: value)", "write key: value entries"),
    "model_attributes_type": (
        "not a mapping",
        "a mapping (key: value)",
        "write key: value entries",
    ),
    "tuple_type": ("not a list", "a list [a, b, ...]", "write a list in brackets"),
    "list_type": ("not a list", "a list [a, b, ...]", "write a list in brackets"),
    "string_pattern_mismatch": (
        "not a valid id",
        "an id of letters, digits, _ . - starting with a letter",
        "rename it, e.g. RUS or T_DONBAS",
    ),
}


def problems_from_validation(
    doc: Document, exc: ValidationError, model: type[BaseModel]
) -> list[Problem]:
    """Convert a pydantic ``ValidationError`` into located Problems (one per distinct error)."""
    problems: list[Problem] = []
    seen: set[tuple[Loc, str]] = set()
    for err in exc.errors():
        raw_loc = tuple(err["loc"])
        at_key = bool(raw_loc) and raw_loc[-1] == "[key]"
        loc: Loc = tuple(p for p in raw_loc if not (isinstance(p, str) and ("[" in p or "(" in p)))
        kind = err["type"]
        if (loc, kind) in seen:
            continue
        seen.add((loc, kind))
        ctx = err.get("ctx") or {}
        value: Any = err.get("input")
        show = True
        if kind == "summitry":
            message, expected, fix = ctx["message"], ctx["expected"], ctx["fix"]
        elif kind == "missing":
            name = str(loc[-1]) if loc else "field"
            message = f"required field {name!r} is missing"
            expected, fix, show = f"a {name}: entry", f"add {name}: to this mapping", False
            loc = loc[:-1]
        elif kind == "extra_forbidden":
            name = str(loc[-1]) if loc else "?"
            allowed = _fields_at(model, loc[:-1])
            message = f"unknown field {name!r}"
            expected = "one of " + ", ".join(allowed) if allowed else "a known field"
            fix, at_key, show = "remove it or correct its spelling", True, False
        elif kind in ("enum", "literal_error"):
            message = "not one of the allowed values"
            expected = f"one of {ctx.get('expected', '?')}"
            fix = "use one of the allowed values"
        elif kind in ("too_short", "too_long"):
            n = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
            message = f"list has {ctx.get('actual_length', '?')} items"
            expected, fix = f"{n} items", f"give exactly {n} items"
        elif kind in _SIMPLE:
            message, expected, fix = _SIMPLE[kind]
        else:
            message, expected, fix = err["msg"], "a valid value", "correct the value"
        problems.append(
            doc.problem(loc, message, value, expected, fix, at_key=at_key, show_value=show)
        )
    return problems


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Order problems by file position."""
    return sorted(problems, key=lambda p: (p.line, p.col, p.path))


def dump_yaml(doc: Any) -> str:
    """Render plain data (mappings, lists, scalars) as block-style YAML, keys in given order."""
    import io

    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    yaml.width = 100
    out = io.StringIO()
    yaml.dump(_plain(doc), out)
    return out.getvalue()
