r"""The Graph Model for Conflict Resolution (GMCR): an immutable conflict model.

A conflict has decision makers (DMs), binary options each owned by one DM, conditions that make
some option combinations infeasible, options that may only be switched one way (irreversible),
states a DM does not perceive (misperceptions), an optional partition of the DMs into coalitions,
and each DM's preferences over the feasible states, given either as a ranking with ties or by
*option prioritisation* (ranked logical statements, Fang, Hipel & Kilgour 1993, ch. 7).

State numbering follows gmcr-py (Petersons et al.; ``gmcr.md`` section 1.7) so that results can be
compared number for number:

1. options are ordered DM by DM, each DM's options in its listed order (a :class:`Conflict` is
   always stored in this order);
2. option :math:`i` (0-based) has weight :math:`2^i`; a state's *decimal code* is
   :math:`\sum_{i \in Y} 2^i` over the options taken;
3. the feasible states, sorted by decimal code, are numbered 1, 2, ...

Logical conditions are :data:`Expr` trees (:class:`Lit`, :class:`And`, :class:`Or`,
:class:`Not`) evaluated on arrays of decimal codes; :func:`parse_expr` reads the text form used in
scenario files (``"FORCE=1 and not (CF_R=1 and CF_U=1)"``, ``"-FORCE"``, ``"CF_R iff WD"``,
``"BACK & FORCE"``, ``"q if p"``).

:class:`GmcrBlock` is the pydantic model of the ``gmcr:`` block of a scenario file (and of a
stand-alone GMCR YAML file); :func:`block_to_conflict` turns it into a :class:`Conflict` or a list
of located :class:`~summitry.model.checks.Violation` records.

References
----------
Kilgour, D. M., Hipel, K. W. & Fang, L. (1987) The graph model for conflicts. *Automatica*
23(1): 41-55.
Fang, L., Hipel, K. W. & Kilgour, D. M. (1993) *Interactive Decision Making: The Graph Model for
Conflict Resolution*. Wiley.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field

from summitry.model.citations import Cite
from summitry.model.violation import Violation

__all__ = [
    "And",
    "Conflict",
    "DecisionMaker",
    "Direction",
    "Expr",
    "ExprError",
    "GmcrBlock",
    "GmcrSpecError",
    "HypothesisSpec",
    "Lit",
    "Not",
    "Option",
    "Or",
    "Violation",
    "block_to_conflict",
    "evaluate",
    "expr_options",
    "format_expr",
    "parse_expr",
]

Codes = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


class Direction(StrEnum):
    """Which way an option may be switched (gmcr-py ``permittedDirection``)."""

    BOTH = "both"
    """N -> Y and Y -> N."""
    FWD = "fwd"
    """Only N -> Y: once taken the option can never be dropped."""
    BACK = "back"
    """Only Y -> N: once dropped the option can never be taken again."""


# --------------------------------------------------------------------------- expressions


@dataclass(frozen=True, slots=True)
class Lit:
    """Option ``option`` (0-based index in the conflict's option order) is taken (``value``)."""

    option: int
    value: bool = True


@dataclass(frozen=True, slots=True)
class And:
    """Conjunction of ``items`` (true when ``items`` is empty)."""

    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """Disjunction of ``items`` (false when ``items`` is empty)."""

    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Not:
    """Negation of ``item``."""

    item: Expr


Expr = Lit | And | Or | Not
"""A logical condition on the options of a state."""


def evaluate(expr: Expr, codes: Codes) -> BoolArray:
    """Return, for each decimal code in ``codes``, whether the state satisfies ``expr``."""
    if isinstance(expr, Lit):
        bit = ((codes >> np.int64(expr.option)) & np.int64(1)).astype(bool)
        return bit if expr.value else ~bit
    if isinstance(expr, And):
        out = np.ones(codes.shape, dtype=bool)
        for item in expr.items:
            out &= evaluate(item, codes)
        return out
    if isinstance(expr, Or):
        out = np.zeros(codes.shape, dtype=bool)
        for item in expr.items:
            out |= evaluate(item, codes)
        return out
    return ~evaluate(expr.item, codes)


def expr_options(expr: Expr) -> set[int]:
    """Return the option indices an expression mentions."""
    if isinstance(expr, Lit):
        return {expr.option}
    if isinstance(expr, Not):
        return expr_options(expr.item)
    out: set[int] = set()
    for item in expr.items:
        out |= expr_options(item)
    return out


def remap_expr(expr: Expr, mapping: Mapping[int, int]) -> Expr:
    """Return ``expr`` with every option index ``i`` replaced by ``mapping[i]``."""
    if isinstance(expr, Lit):
        return Lit(mapping[expr.option], expr.value)
    if isinstance(expr, Not):
        return Not(remap_expr(expr.item, mapping))
    items = tuple(remap_expr(e, mapping) for e in expr.items)
    return And(items) if isinstance(expr, And) else Or(items)


def format_expr(expr: Expr, names: Sequence[str]) -> str:
    """Render ``expr`` in the text syntax of :func:`parse_expr`, with option ``names``."""
    if isinstance(expr, Lit):
        return names[expr.option] if expr.value else "-" + names[expr.option]
    if isinstance(expr, Not):
        return f"not ({format_expr(expr.item, names)})"
    if not expr.items:
        return "true" if isinstance(expr, And) else "false"
    joiner = " & " if isinstance(expr, And) else " | "
    parts = [
        f"({format_expr(e, names)})" if isinstance(e, And | Or) else format_expr(e, names)
        for e in expr.items
    ]
    return joiner.join(parts)


def to_dnf(expr: Expr) -> list[list[Lit]]:
    """Return ``expr`` as a list of conjunctions of literals (its minterms over its options).

    The minterms are enumerated over the options the expression mentions (at most 16), so the
    result is exact but not minimal; gmcr-py files only hold conjunctions and disjunctions of
    conjunctions, which this produces.
    """
    opts = sorted(expr_options(expr))
    if len(opts) > 16:
        raise ExprError(f"condition mentions {len(opts)} options; at most 16 can be exported", 0)
    combos = np.arange(1 << len(opts), dtype=np.int64)
    codes = np.zeros(combos.shape, dtype=np.int64)
    for k, opt in enumerate(opts):
        codes |= ((combos >> np.int64(k)) & np.int64(1)) << np.int64(opt)
    truth = evaluate(expr, codes)
    out: list[list[Lit]] = []
    for combo in combos[truth]:
        out.append([Lit(opt, bool((int(combo) >> k) & 1)) for k, opt in enumerate(opts)])
    return out


class ExprError(ValueError):
    """A condition's text cannot be parsed; ``pos`` is the 0-based character position."""

    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos


_TOKEN = re.compile(
    r"\s*(?:(?P<op><->|<=>|->|=>|[()&|,~!=-])|(?P<name>[A-Za-z_][A-Za-z0-9_.]*)|(?P<num>\d+))"
)
_WORD_OPS = {"and": "&", "or": "|", "not": "-", "iff": "<->", "implies": "->", "if": "if"}


def _tokens(text: str) -> list[tuple[str, str, int]]:
    out: list[tuple[str, str, int]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            start = pos + (len(text[pos:]) - len(text[pos:].lstrip()))
            raise ExprError(f"unexpected character {text[start]!r}", start)
        start = m.start(m.lastgroup) if m.lastgroup else pos
        if m.group("op"):
            op = m.group("op")
            out.append(
                ("op", {"~": "-", "!": "-", "<=>": "<->", "=>": "->", ",": "&"}.get(op, op), start)
            )
        elif m.group("name"):
            word = m.group("name")
            if word.lower() in _WORD_OPS:
                out.append(("op", _WORD_OPS[word.lower()], start))
            else:
                out.append(("name", word, start))
        else:
            out.append(("num", m.group("num"), start))
        pos = m.end()
    out.append(("end", "", len(text)))
    return out


class _Parser:
    def __init__(self, text: str, names: Mapping[str, int]) -> None:
        self.toks = _tokens(text)
        self.i = 0
        self.names = names

    def peek(self) -> tuple[str, str, int]:
        return self.toks[self.i]

    def take(self) -> tuple[str, str, int]:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self) -> Expr:
        expr = self.binary()
        kind, value, pos = self.peek()
        if kind != "end":
            raise ExprError(f"unexpected {value!r}", pos)
        return expr

    def binary(self) -> Expr:
        left = self.disj()
        while self.peek()[:2] in (("op", "<->"), ("op", "->"), ("op", "if")):
            op = self.take()[1]
            right = self.disj()
            if op == "<->":
                left = Or((And((left, right)), And((Not(left), Not(right)))))
            elif op == "->":
                left = Or((Not(left), right))
            else:  # "q if p" == p -> q
                left = Or((Not(right), left))
        return left

    def disj(self) -> Expr:
        items = [self.conj()]
        while self.peek()[:2] == ("op", "|"):
            self.take()
            items.append(self.conj())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def conj(self) -> Expr:
        items = [self.unary()]
        while self.peek()[:2] == ("op", "&"):
            self.take()
            items.append(self.unary())
        return items[0] if len(items) == 1 else And(tuple(items))

    def unary(self) -> Expr:
        kind, value, _pos = self.peek()
        if (kind, value) == ("op", "-"):
            self.take()
            inner = self.unary()
            return Lit(inner.option, not inner.value) if isinstance(inner, Lit) else Not(inner)
        return self.atom()

    def atom(self) -> Expr:
        kind, value, pos = self.take()
        if (kind, value) == ("op", "("):
            inner = self.binary()
            k2, v2, p2 = self.take()
            if (k2, v2) != ("op", ")"):
                raise ExprError("missing ')'", p2)
            return inner
        if kind == "name":
            if value.lower() in ("true", "false"):
                return And(()) if value.lower() == "true" else Or(())
            if value not in self.names:
                known = ", ".join(self.names) or "none"
                raise ExprError(f"unknown option {value!r} (known: {known})", pos)
            lit = Lit(self.names[value], True)
            if self.peek()[:2] == ("op", "="):
                self.take()
                k2, v2, p2 = self.take()
                if k2 == "num" and v2 in ("0", "1"):
                    return Lit(lit.option, v2 == "1")
                if k2 == "name" and v2 in ("Y", "N", "y", "n"):
                    return Lit(lit.option, v2 in ("Y", "y"))
                raise ExprError(f"after '=' expected 0 or 1, got {v2 or 'end of text'!r}", p2)
            return lit
        what = "end of text" if kind == "end" else repr(value)
        raise ExprError(f"expected an option name, 'not' or '(', got {what}", pos)


def parse_expr(text: str, names: Mapping[str, int]) -> Expr:
    """Parse a condition written in the scenario-file syntax.

    Grammar (lowest precedence first): ``a iff b`` (also ``<->``), ``a -> b`` (also ``implies``),
    ``q if p`` (means ``p -> q``); ``a | b`` (``or``); ``a & b`` (``and``, ``,``); ``-a``
    (``not``, ``~``, ``!``); an option name, optionally ``=1``/``=0`` (or ``=Y``/``=N``);
    ``true``, ``false`` and parentheses.

    Parameters
    ----------
    text : str
        The condition.
    names : Mapping[str, int]
        Option name -> 0-based option index.

    Raises
    ------
    ExprError
        With the character position of the first token that does not fit.
    """
    if not text.strip():
        raise ExprError("empty condition", 0)
    return _Parser(text, names).parse()


# --------------------------------------------------------------------------- the conflict


@dataclass(frozen=True, slots=True, kw_only=True)
class Option:
    """A binary option (a course of action a DM takes, Y, or does not take, N)."""

    name: str
    """Short name (unique within the conflict for YAML models; gmcr-py allows repeats)."""
    dm: int
    """Index of the DM who controls it."""
    direction: Direction = Direction.BOTH
    """Irreversibility (:class:`Direction`)."""
    label: str = ""
    """Longer description."""


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionMaker:
    """A decision maker and its preferences.

    Exactly one of ``statements`` (option prioritisation, most important first) and ``ranking``
    (tie groups from most to least preferred, each the set of feasible states satisfying a
    condition) is given.
    """

    name: str
    """Name as shown in reports."""
    options: tuple[int, ...]
    """Indices of the options it controls, in numbering order."""
    statements: tuple[Expr, ...] | None = None
    """Option-prioritisation statements, most important first."""
    ranking: tuple[Expr, ...] | None = None
    """Manual ranking: groups of equally preferred states, most preferred first."""
    misperceived: tuple[Expr, ...] = ()
    """States this DM does not perceive: no move of this DM starts or ends in them."""

    def __post_init__(self) -> None:
        if (self.statements is None) == (self.ranking is None):
            raise ValueError(
                f"decision maker {self.name!r}: give exactly one of statements and ranking"
            )


@dataclass(frozen=True, slots=True, kw_only=True)
class Conflict:
    """A graph-model conflict with options stored in gmcr-py numbering order.

    Raises
    ------
    ValueError
        If the options are not grouped DM by DM in DM order, an option index is out of range,
        or ``coalitions`` is not a partition of the DMs.
    """

    name: str = "conflict"
    options: tuple[Option, ...]
    decision_makers: tuple[DecisionMaker, ...]
    infeasible: tuple[Expr, ...] = ()
    """A state satisfying any of these conditions is removed."""
    coalitions: tuple[tuple[int, ...], ...] | None = None
    """Partition of the DMs into coalitions acting as one (None: every DM alone)."""
    status_quo: int | None = None
    """Decimal code of the status-quo state, if known."""
    citation: str = ""
    """Where the model comes from."""
    max_options: int = 30
    """Refuse larger models (2^n candidate states are enumerated)."""

    def __post_init__(self) -> None:
        n = len(self.options)
        if not self.decision_makers:
            raise ValueError("a conflict needs at least one decision maker")
        expected = 0
        for k, dm in enumerate(self.decision_makers):
            last = expected + len(dm.options) - 1
            if dm.options != tuple(range(expected, last + 1)):
                raise ValueError(
                    f"options of DM {dm.name!r} must be {expected}..{last}"
                    " (options grouped DM by DM in numbering order)"
                )
            for o in dm.options:
                if self.options[o].dm != k:
                    raise ValueError(
                        f"option {o} is listed by DM {k} but owned by DM {self.options[o].dm}"
                    )
            expected += len(dm.options)
        if expected != n:
            raise ValueError(f"{n - expected} option(s) are owned by no decision maker")
        for expr in self._all_exprs():
            bad = [o for o in expr_options(expr) if not 0 <= o < n]
            if bad:
                raise ValueError(f"condition refers to option index {bad[0]}, not in 0..{n - 1}")
        if self.coalitions is not None:
            flat = sorted(itertools.chain.from_iterable(self.coalitions))
            if flat != list(range(len(self.decision_makers))) or any(
                not c for c in self.coalitions
            ):
                raise ValueError("coalitions must partition the decision makers")
        if self.status_quo is not None and not 0 <= self.status_quo < (1 << n):
            raise ValueError(f"status quo code {self.status_quo} out of range")

    def _all_exprs(self) -> Iterator[Expr]:
        yield from self.infeasible
        for dm in self.decision_makers:
            yield from dm.statements or ()
            yield from dm.ranking or ()
            yield from dm.misperceived

    @property
    def n_options(self) -> int:
        """Number of options."""
        return len(self.options)

    @property
    def n_dms(self) -> int:
        """Number of decision makers."""
        return len(self.decision_makers)

    def dm_mask(self, k: int) -> int:
        """Bit mask of the options DM ``k`` controls."""
        mask = 0
        for o in self.decision_makers[k].options:
            mask |= 1 << o
        return mask

    def direction_masks(self) -> tuple[int, int]:
        """Return (mask of ``fwd`` options, mask of ``back`` options)."""
        fwd = back = 0
        for i, opt in enumerate(self.options):
            if opt.direction is Direction.FWD:
                fwd |= 1 << i
            elif opt.direction is Direction.BACK:
                back |= 1 << i
        return fwd, back

    def effective(self) -> tuple[tuple[int, ...], ...]:
        """The effective DMs: the coalitions, or each DM alone."""
        if self.coalitions is None:
            return tuple((k,) for k in range(self.n_dms))
        return self.coalitions

    def yn(self, code: int) -> str:
        """The gmcr-py ``YN`` string of a decimal code (option 0 first)."""
        return "".join("Y" if (code >> i) & 1 else "N" for i in range(self.n_options))

    def option_index(self) -> dict[str, int]:
        """Option name -> index (first occurrence when names repeat)."""
        out: dict[str, int] = {}
        for i, opt in enumerate(self.options):
            out.setdefault(opt.name, i)
        return out


def canonical_order(owner_lists: Sequence[Sequence[int]]) -> list[int]:
    """gmcr-py's option re-ordering: DM by DM, each DM's options in its listed order.

    Returns the old option index at each new position (options listed twice keep their first
    place).
    """
    order: list[int] = []
    seen: set[int] = set()
    for opts in owner_lists:
        for o in opts:
            if o not in seen:
                seen.add(o)
                order.append(o)
    return order


# --------------------------------------------------------------------------- the YAML block


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


OptId = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", max_length=64)]
DmId = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_.\-]*$", max_length=64)]


class OptionSpec(_Frozen):
    """An option with provenance (``CF_R: {label: ..., direction: fwd}``)."""

    label: str = Field(description="What taking the option means")
    direction: Direction = Field(
        Direction.BOTH, description="both, fwd (only N->Y) or back (only Y->N)"
    )
    why: str | None = None
    cite: Cite = ()


class Irreversible(_Frozen):
    """A move that cannot be made: ``{option: WD, direction: "1 -> 0"}`` blocks WD 1 -> 0."""

    option: OptId
    direction: Literal["1 -> 0", "0 -> 1"] = Field(
        description="The blocked move: '1 -> 0' (cannot be undone once taken) or '0 -> 1'"
    )
    cost: str | None = None
    why: str | None = None
    cite: Cite = ()


class GroupCondition(_Frozen):
    """A cardinality condition on a group of options (exactly one key)."""

    at_most_one: tuple[OptId, ...] | None = None
    at_least_one: tuple[OptId, ...] | None = None
    exactly_one: tuple[OptId, ...] | None = None
    why: str | None = None
    cite: Cite = ()


class Ranking(_Frozen):
    """A manual ranking: each entry is a condition whose states form one tie group."""

    ranking: tuple[str, ...] = Field(description="Most preferred first; every state exactly once")
    why: str | None = None
    cite: Cite = ()


class HypothesisSpec(_Frozen):
    """A claim about the model that the analysis computes and reports (never asserts).

    ``state`` fixes some options; the rest are taken from the status quo. ``check`` is one of:
    ``stable`` (the state is stable for each of ``dms`` under each of ``concepts``),
    ``unstable`` (for each DM and concept, it is not stable), ``equilibrium``,
    ``not_equilibrium`` (under each concept), ``prefers`` (each of ``dms`` strictly prefers the
    state to the status quo), ``opposes`` (each of ``dms`` strictly prefers the status quo),
    ``reachable`` (reachable from the status quo by unilateral improvements).
    """

    text: str
    state: dict[OptId, Literal[0, 1]] = Field(default_factory=dict)
    check: Literal[
        "stable", "unstable", "equilibrium", "not_equilibrium", "prefers", "opposes", "reachable"
    ]
    dms: tuple[DmId, ...] = ()
    concepts: tuple[Literal["nash", "gmr", "seq", "smr", "sim"], ...] = (
        "nash",
        "gmr",
        "seq",
        "smr",
    )
    cite: Cite = ()


class GmcrBlock(_Frozen):
    """The ``gmcr:`` block of a scenario (or a stand-alone GMCR YAML file).

    ``options`` maps each DM to its options (DM order and option order give the state
    numbering); ``preferences`` maps each DM to option-prioritisation statements (most important
    first) or to ``{ranking: [...]}``.
    """

    title: str | None = None
    citation: str | None = Field(None, description="Where the model comes from")
    decision_makers: tuple[DmId, ...] | None = Field(
        None, description="DM order (default: the order of the options mapping)"
    )
    options: dict[DmId, dict[OptId, str | OptionSpec]]
    infeasible: tuple[str | GroupCondition, ...] = ()
    irreversible: tuple[Irreversible, ...] = ()
    misperceptions: dict[DmId, tuple[str, ...]] = Field(default_factory=dict)
    coalitions: tuple[tuple[DmId, ...], ...] | None = None
    status_quo: dict[OptId, Literal[0, 1]] | None = None
    preferences: dict[DmId, tuple[str, ...] | Ranking]
    analyses: tuple[str, ...] = ()
    hypotheses: dict[str, HypothesisSpec] = Field(default_factory=dict)
    note: str | None = None
    why: str | None = None
    cite: Cite = ()


class GmcrSpecError(ValueError):
    """A :class:`GmcrBlock` that validates field by field but not as a whole."""

    def __init__(self, violations: Sequence[Violation]) -> None:
        self.violations = tuple(violations)
        super().__init__("; ".join(v.message for v in self.violations))


def _known(names: Mapping[str, Any]) -> str:
    return ", ".join(names) or "none"


def block_to_conflict(block: GmcrBlock, *, loc: tuple[str | int, ...] = ("gmcr",)) -> Conflict:
    """Build the :class:`Conflict` described by a ``gmcr:`` block.

    Parameters
    ----------
    block : GmcrBlock
        The validated block.
    loc : tuple
        Field path of the block in its document (for error locations).

    Raises
    ------
    GmcrSpecError
        Listing every cross-field problem (unknown names, unparsable conditions, a ranking that
        does not cover the feasible states exactly once is reported later, when states are known).
    """
    viol: list[Violation] = []
    dm_order = list(block.decision_makers or block.options.keys())
    for k, dm in enumerate(dm_order):
        if dm not in block.options:
            viol.append(
                Violation(
                    (*loc, "decision_makers", k),
                    "DM has no options",
                    dm,
                    f"a key of options ({_known(block.options)})",
                    f"add options: {{{dm}: {{...}}}} or remove the DM",
                )
            )
    for dm in block.options:
        if dm not in dm_order:
            viol.append(
                Violation(
                    (*loc, "options", dm),
                    "DM not in decision_makers",
                    dm,
                    f"one of {_known(dict.fromkeys(dm_order))}",
                    "add it to decision_makers",
                    at_key=True,
                )
            )
    if len(set(dm_order)) != len(dm_order):
        viol.append(
            Violation(
                (*loc, "decision_makers"),
                "a DM is listed twice",
                dm_order,
                "each DM once",
                "remove the repeated name",
            )
        )
    names: dict[str, int] = {}
    options: list[Option] = []
    dms_opts: list[tuple[int, ...]] = []
    irreversible = {irr.option: irr for irr in block.irreversible}
    for k, dm in enumerate(dm_order):
        mine: list[int] = []
        for oname, spec in block.options.get(dm, {}).items():
            if oname in names:
                viol.append(
                    Violation(
                        (*loc, "options", dm, oname),
                        "option name used twice",
                        oname,
                        "option names unique across all DMs",
                        "rename one of them",
                        at_key=True,
                    )
                )
                continue
            direction = spec.direction if isinstance(spec, OptionSpec) else Direction.BOTH
            label = spec.label if isinstance(spec, OptionSpec) else spec
            irr = irreversible.get(oname)
            if irr is not None:
                blocked = Direction.FWD if irr.direction == "1 -> 0" else Direction.BACK
                if direction not in (Direction.BOTH, blocked):
                    viol.append(
                        Violation(
                            (*loc, "options", dm, oname, "direction"),
                            "option's direction contradicts irreversible:",
                            direction.value,
                            f"both or {blocked.value}",
                            "keep one statement of the option's direction",
                        )
                    )
                direction = blocked
            names[oname] = len(options)
            mine.append(len(options))
            options.append(Option(name=oname, dm=k, direction=direction, label=label))
        dms_opts.append(tuple(mine))
    for j, irr in enumerate(block.irreversible):
        if irr.option not in names:
            viol.append(
                Violation(
                    (*loc, "irreversible", j, "option"),
                    "unknown option",
                    irr.option,
                    f"one of {_known(names)}",
                    "correct the option name",
                )
            )

    def parse(text: str, where: tuple[str | int, ...]) -> Expr | None:
        try:
            return parse_expr(text, names)
        except ExprError as exc:
            viol.append(
                Violation(
                    where,
                    f"condition not understood at character {exc.pos + 1}: {exc.message}",
                    text,
                    "a condition such as 'A & -B', 'A iff B', 'not (A | B)'",
                    "use option names with & | - iff -> and parentheses",
                )
            )
            return None

    def group(opts: Sequence[str], where: tuple[str | int, ...]) -> list[int] | None:
        out: list[int] = []
        for o in opts:
            if o not in names:
                viol.append(
                    Violation(
                        where,
                        "unknown option",
                        o,
                        f"one of {_known(names)}",
                        "correct the option name",
                    )
                )
                return None
            out.append(names[o])
        return out

    infeasible: list[Expr] = []
    for j, item in enumerate(block.infeasible):
        where: tuple[str | int, ...] = (*loc, "infeasible", j)
        if isinstance(item, str):
            expr = parse(item, where)
            if expr is not None:
                infeasible.append(expr)
            continue
        given = [
            (key, getattr(item, key))
            for key in ("at_most_one", "at_least_one", "exactly_one")
            if getattr(item, key) is not None
        ]
        if len(given) != 1:
            viol.append(
                Violation(
                    where,
                    "give exactly one of at_most_one, at_least_one, exactly_one",
                    [g[0] for g in given],
                    "one key",
                    "split it into one entry per condition",
                )
            )
            continue
        key, opts = given[0]
        idx = group(opts, (*where, key))
        if idx is None:
            continue
        pairs = tuple(And((Lit(a), Lit(b))) for a, b in itertools.combinations(idx, 2))
        none = And(tuple(Lit(a, False) for a in idx))
        if key in ("at_most_one", "exactly_one"):
            infeasible.extend(pairs)
        if key in ("at_least_one", "exactly_one"):
            infeasible.append(none)
    dms: list[DecisionMaker] = []
    for k, dm in enumerate(dm_order):
        pref = block.preferences.get(dm)
        statements: list[Expr] | None = None
        ranking: list[Expr] | None = None
        if pref is None:
            viol.append(
                Violation(
                    (*loc, "preferences"),
                    f"no preferences for DM {dm!r}",
                    None,
                    "a list of statements or {ranking: [...]} for every DM",
                    f"add preferences: {{{dm}: [...]}}",
                )
            )
        elif isinstance(pref, Ranking):
            ranking = []
            for j, text in enumerate(pref.ranking):
                e = parse(text, (*loc, "preferences", dm, "ranking", j))
                if e is not None:
                    ranking.append(e)
        else:
            statements = []
            for j, text in enumerate(pref):
                e = parse(text, (*loc, "preferences", dm, j))
                if e is not None:
                    statements.append(e)
        mis = []
        for j, text in enumerate(block.misperceptions.get(dm, ())):
            e = parse(text, (*loc, "misperceptions", dm, j))
            if e is not None:
                mis.append(e)
        if statements is None and ranking is None:
            statements = []
        dms.append(
            DecisionMaker(
                name=dm,
                options=dms_opts[k] if k < len(dms_opts) else (),
                statements=tuple(statements) if statements is not None else None,
                ranking=tuple(ranking) if ranking is not None else None,
                misperceived=tuple(mis),
            )
        )
    for dm in block.preferences:
        if dm not in dm_order:
            viol.append(
                Violation(
                    (*loc, "preferences", dm),
                    "unknown DM",
                    dm,
                    f"one of {_known(dict.fromkeys(dm_order))}",
                    "correct the DM name",
                    at_key=True,
                )
            )
    for dm in block.misperceptions:
        if dm not in dm_order:
            viol.append(
                Violation(
                    (*loc, "misperceptions", dm),
                    "unknown DM",
                    dm,
                    f"one of {_known(dict.fromkeys(dm_order))}",
                    "correct the DM name",
                    at_key=True,
                )
            )
    coalitions: tuple[tuple[int, ...], ...] | None = None
    if block.coalitions is not None:
        parts: list[tuple[int, ...]] = []
        seen: set[str] = set()
        for j, members in enumerate(block.coalitions):
            part: list[int] = []
            for m in members:
                if m not in dm_order:
                    viol.append(
                        Violation(
                            (*loc, "coalitions", j),
                            "unknown DM",
                            m,
                            f"one of {_known(dict.fromkeys(dm_order))}",
                            "correct the DM name",
                        )
                    )
                elif m in seen:
                    viol.append(
                        Violation(
                            (*loc, "coalitions", j),
                            "DM in two coalitions",
                            m,
                            "each DM in exactly one coalition",
                            "remove it from one of them",
                        )
                    )
                else:
                    seen.add(m)
                    part.append(dm_order.index(m))
            if part:
                parts.append(tuple(sorted(part)))
        for k, dm in enumerate(dm_order):
            if dm not in seen:
                parts.append((k,))
        coalitions = tuple(sorted(parts))
    status_quo: int | None = None
    if block.status_quo is not None:
        status_quo = 0
        for oname, value in block.status_quo.items():
            if oname not in names:
                viol.append(
                    Violation(
                        (*loc, "status_quo", oname),
                        "unknown option",
                        oname,
                        f"one of {_known(names)}",
                        "correct the option name",
                        at_key=True,
                    )
                )
            elif value:
                status_quo |= 1 << names[oname]
        missing = [o for o in names if o not in block.status_quo]
        if missing and not viol:
            viol.append(
                Violation(
                    (*loc, "status_quo"),
                    "status quo leaves options unset",
                    missing,
                    "a 0 or 1 for every option",
                    f"add {', '.join(f'{m}: 0' for m in missing)} (or 1)",
                )
            )
    for hid, hyp in block.hypotheses.items():
        for oname in hyp.state:
            if oname not in names:
                viol.append(
                    Violation(
                        (*loc, "hypotheses", hid, "state", oname),
                        "unknown option",
                        oname,
                        f"one of {_known(names)}",
                        "correct the option name",
                        at_key=True,
                    )
                )
        for j, dm in enumerate(hyp.dms):
            if dm not in dm_order:
                viol.append(
                    Violation(
                        (*loc, "hypotheses", hid, "dms", j),
                        "unknown DM",
                        dm,
                        f"one of {_known(dict.fromkeys(dm_order))}",
                        "correct the DM name",
                    )
                )
        if hyp.state and block.status_quo is None:
            viol.append(
                Violation(
                    (*loc, "hypotheses", hid, "state"),
                    "hypothesis states are completed from the status quo, which is not given",
                    None,
                    "a status_quo: mapping",
                    "add status_quo: {OPTION: 0 or 1, ...}",
                )
            )
    if viol:
        raise GmcrSpecError(viol)
    return Conflict(
        name=block.title or "gmcr",
        options=tuple(options),
        decision_makers=tuple(dms),
        infeasible=tuple(infeasible),
        coalitions=coalitions,
        status_quo=status_quo,
        citation=block.citation or "",
    )
