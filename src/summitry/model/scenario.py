"""Scenario file format v1: the validated, immutable model of a negotiation.

A scenario states who negotiates (actors), over what (issues on 0--100 scales with labelled
anchors), what each actor wants (positions: ideal point, salience, reservation or acceptable
interval, hard red lines), what happens if talks fail (disagreement outcome and each actor's cost of
conflict), who must sign and who must ratify at home (Putnam's two-level game), how far the parties
expect each other to comply (Fearon's commitment problem), separable side issues and possible
mediators. Every number may carry ``why`` and ``cite``. See ``docs/scenario-format.md``.

Pydantic checks each field's type and range here; :mod:`summitry.model.checks` checks everything
that relates fields to each other (references, sides of ideals, citations).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
)

from summitry.model.citations import Cite
from summitry.model.gmcr import GmcrBlock
from summitry.model.uncertain import (
    NormalSpec,
    Uncertain,
    UncertainSpec,
    point,
    support,
    user_error,
)

__all__ = [
    "Actor",
    "ActorKind",
    "Bound",
    "CeasefireModel",
    "Cite",
    "CitedNumber",
    "Commitment",
    "Correlations",
    "Disagreement",
    "Issue",
    "LimitedDealsModel",
    "Mechanism",
    "MediationModel",
    "Mediator",
    "MediatorStyle",
    "OutcomeModel",
    "Position",
    "Ratifier",
    "RatifierKind",
    "Scenario",
    "SideIssue",
    "Source",
    "TalksModel",
    "Veto",
]

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_.\-]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]


def _bounded(lo: float | None, hi: float | None, what: str) -> Callable[[Any], Any]:
    """Return a validator checking that every possible value lies in ``[lo, hi]``."""
    lo_txt = "-inf" if lo is None else f"{lo:g}"
    hi_txt = "inf" if hi is None else f"{hi:g}"
    expected = f"{what} in [{lo_txt}, {hi_txt}]" if hi is not None else f"{what} >= {lo_txt}"

    def check(value: float | UncertainSpec) -> float | UncertainSpec:
        vlo, vhi = (point(value),) * 2 if isinstance(value, NormalSpec) else support(value)
        if (lo is not None and vlo < lo) or (hi is not None and vhi > hi):
            shown = f"{vlo:g}" if vlo == vhi else f"[{vlo:g}, {vhi:g}]"
            raise user_error(
                f"{what} {shown} is out of range",
                expected,
                f"give a {what} within [{lo_txt}, {hi_txt}]"
                if hi is not None
                else f"give a {what} >= {lo_txt}",
            )
        return value

    return check


Position100 = Annotated[Uncertain, AfterValidator(_bounded(0.0, 100.0, "position"))]
"""A point on an issue's 0--100 scale."""
NonNegative = Annotated[Uncertain, AfterValidator(_bounded(0.0, None, "value"))]
Probability = Annotated[Uncertain, AfterValidator(_bounded(0.0, 1.0, "probability"))]
Salience = Annotated[Uncertain, AfterValidator(_bounded(0.0, None, "salience"))]
Capability = Annotated[Uncertain, AfterValidator(_bounded(0.0, None, "capability"))]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Source(_Frozen):
    """A source that citations may point to (``sources: {KEY: {...}}``)."""

    title: str = Field(description="Title or one-line description")
    url: str | None = Field(None, description="Where to read it")
    date: dt.date | str | None = Field(None, description="Date of the item")
    tier: str | None = Field(None, description="Reliability tier (T1 wire/primary ... T3 unknown)")
    file: str | None = Field(
        None,
        description="Plain-text file, relative to the scenario; enables KEY:L<line>.s<n> cites",
    )
    sha256: str | None = Field(None, pattern=r"^[0-9a-f]{64}$", description="Checksum of `file`")
    note: str | None = None


class ActorKind(StrEnum):
    """Role of an actor in the negotiation."""

    BELLIGERENT = "belligerent"
    PATRON = "patron"
    ALLY = "ally"
    MEDIATOR = "mediator"
    INSTITUTION = "institution"
    DOMESTIC = "domestic"
    OTHER = "other"


class Actor(_Frozen):
    """A party to the negotiation (a state, bloc, government or faction)."""

    name: str
    kind: ActorKind = ActorKind.OTHER
    capability: Capability = Field(
        description="Resources it can bring to bear (any scale); weights the asymmetric NBS"
    )
    implicit: bool = Field(
        False, description="True when the source text implies but never names the actor"
    )
    deal_bonus: NonNegative = Field(
        0.0, description="Utility points the actor gains from signing any agreement at all"
    )
    why: str | None = None
    cite: Cite = ()
    note: str | None = None


def _wrap_number(raw: Any) -> Any:
    if isinstance(raw, dict) and "value" in raw:
        return raw
    return {"value": raw}


class _CitedNumberBody(_Frozen):
    value: Uncertain
    why: str | None = None
    cite: Cite = ()
    note: str | None = None


CitedNumber = Annotated[
    _CitedNumberBody,
    BeforeValidator(_wrap_number),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number"},
                {"type": "object", "description": "an uncertainty spec or {value, why, cite}"},
            ]
        }
    ),
]
"""A number written bare (``12``) or with provenance (``{value: 12, why: ..., cite: ...}``)."""


class Issue(_Frozen):
    """A negotiated dimension on a 0--100 scale with labelled anchors."""

    label: str
    anchors: dict[float, str] = Field(
        default_factory=dict, description="Scale points (0..100) with what they mean"
    )
    status_quo: Position100 = Field(description="Where the issue stands today")
    discrete: bool = Field(
        False, description="Indivisible: an agreement can only pick one of the anchors"
    )
    unit: str | None = Field(None, description="Unit of the native scale, if rescaled to 0-100")
    native_range: tuple[float, float] | None = Field(
        None, description="The native scale's [value at 0, value at 100], when data were rescaled"
    )
    observed: CitedNumber | None = Field(
        None, description="The real outcome on the 0-100 scale, once known (accuracy checks)"
    )
    why: str | None = None
    cite: Cite = ()
    note: str | None = None


class Position(_Frozen):
    """What one actor wants on one issue.

    Utility on the issue is ``100 - |x - ideal|`` (linear loss) or ``100 - (x - ideal)^2 / 100``
    (quadratic); the actor's utility is the salience-weighted mean over issues.
    ``reservation`` is the furthest acceptable value from the ideal, towards the middle of the
    scale; ``acceptable: [lo, hi]`` states both sides. With ``hard: true`` the bound is a red line
    no package may cross whatever it offers elsewhere; otherwise it is informational and the
    actor's compensatory acceptance (utility above its disagreement value) decides.
    """

    ideal: Position100
    salience: Salience
    reservation: Position100 | None = None
    acceptable: tuple[Position100, Position100] | None = None
    hard: bool = False
    why: str | None = None
    cite: Cite = ()
    note: str | None = None


class Disagreement(_Frozen):
    """What happens if talks fail, over the scenario's horizon."""

    outcome: dict[str, CitedNumber] = Field(
        default_factory=dict,
        description="Expected value of each issue without agreement (default: its status quo)",
    )
    cost: dict[str, CitedNumber] = Field(
        default_factory=dict,
        description="Each actor's cost of continued conflict, in utility points (default 0)",
    )
    why: str | None = None
    cite: Cite = ()


class Bound(_Frozen):
    """A bound a ratifier puts on one issue: the package must have ``min <= x <= max``."""

    min: Position100 | None = None
    max: Position100 | None = None
    why: str | None = None
    cite: Cite = ()


class RatifierKind(StrEnum):
    """Kinds of domestic (Level II) veto players."""

    LEGISLATURE = "legislature"
    REFERENDUM = "referendum"
    ELITE = "elite"
    PUBLIC = "public"
    COUNCIL = "council"
    COURT = "court"
    OTHER = "other"


class Ratifier(_Frozen):
    """A domestic veto player of one signatory (Putnam 1988): its conditions bound the win-set."""

    actor: str = Field(description="The signatory whose ratification this is")
    name: str
    kind: RatifierKind = RatifierKind.OTHER
    conditions: dict[str, Bound] = Field(description="Issue bounds the ratifier insists on")
    p_veto: Probability = Field(
        1.0,
        description=(
            "Probability that it blocks a package breaking its conditions; the point analysis "
            "applies the conditions when this is >= 0.5"
        ),
    )
    implicit: bool = False
    why: str | None = None
    cite: Cite = ()
    note: str | None = None


class Veto(_Frozen):
    """Who must sign (Level I) and who must ratify at home (Level II)."""

    signatories: tuple[str, ...] = Field(description="Actors whose signature an agreement needs")
    ratifiers: dict[Id, Ratifier] = Field(default_factory=dict)
    why: str | None = None
    cite: Cite = ()


class Commitment(_Frozen):
    r"""Compliance and trust: Fearon's (1995) commitment problem.

    A signatory ``i`` expects the agreement to hold with probability
    ``q_i = prod_{j != i} compliance_j`` over the other signatories; if it breaks, ``i`` is left
    with its disagreement value minus ``exposure_i`` (what it gave up by complying). It accepts a
    package ``x`` when ``q_i U_i(x) + (1 - q_i)(d_i - exposure_i) >= d_i``.
    """

    compliance: dict[str, CitedNumber] = Field(
        default_factory=dict, description="P(actor honours an agreement over the horizon)"
    )
    exposure: dict[str, CitedNumber] = Field(
        default_factory=dict, description="Utility lost by a complier when another side reneges"
    )
    trust: dict[str, dict[str, Probability]] = Field(
        default_factory=dict, description="Row actor's trust that the column actor will comply"
    )
    why: str | None = None
    cite: Cite = ()


class SideIssue(_Frozen):
    """A separable deal (prisoner exchange, corridor) that can be settled on its own."""

    label: str
    parties: tuple[str, ...] = Field(description="Actors who must agree")
    value: dict[str, CitedNumber] = Field(
        description="Each party's utility gain from the deal (negative = it loses)"
    )
    why: str | None = None
    cite: Cite = ()
    note: str | None = None


class MediatorStyle(StrEnum):
    """Mediation styles (Beardsley et al. 2006) plus monitoring."""

    FACILITATION = "facilitation"
    FORMULATION = "formulation"
    MANIPULATION = "manipulation"
    MONITORING = "monitoring"


class Mediator(_Frozen):
    """A possible third party (used by the uncertainty engine's mediation model)."""

    name: str
    capability: Capability = Field(0.0, description="Leverage available in this conflict")
    style: MediatorStyle = MediatorStyle.FACILITATION
    bias: str | None = Field(None, description="Towards whom, if anyone (Kydd 2003)")
    active: bool = False
    why: str | None = None
    cite: Cite = ()
    note: str | None = None


class Mechanism(_Frozen):
    """A ceasefire mechanism (monitoring, a third-party force, guarantees): Fortna (2004).

    When ``present``, the ceasefire's collapse hazard is multiplied by ``hazard_ratio``.
    """

    present: bool = False
    hazard_ratio: NonNegative = Field(description="Multiplier on the collapse hazard (< 1 helps)")
    why: str | None = None
    cite: Cite = ()


class CeasefireModel(_Frozen):
    r"""A general ceasefire: every issue frozen at its status quo but its ``terms`` (Fortna 2004).

    Signatory :math:`i` accepts it when :math:`U_i(SQ) \ge d_i + \frac{1 - q_i}{q_i} e_i` (the
    bargaining engine's threshold at the status quo, without deal bonus or red lines, since a
    ceasefire settles nothing). It collapses at a constant hazard
    :math:`h = h_0 \prod_m HR_m`, :math:`h_0 = -\ln(1 - P_{12})/12` per month.
    """

    p_agree: Probability = Field(
        1.0, description="P(a ceasefire every signatory accepts is concluded within the horizon)"
    )
    terms: dict[str, Position100] = Field(
        default_factory=dict,
        description="Issues the ceasefire text on the table settles (others stay at status quo)",
    )
    imposed: bool = Field(False, description="Agreed whatever the parties prefer (what-if)")
    start_month: NonNegative | None = Field(
        None, description="Months after as_of it starts; default uniform over the horizon"
    )
    collapse_12m: Probability | None = Field(
        None,
        description="P(a bare ceasefire collapses within 12 months); default 1 - prod compliance",
    )
    unwilling_hazard_ratio: NonNegative = Field(
        4.0, description="Hazard multiplier when some signatory prefers fighting on (imposed)"
    )
    mechanisms: dict[Id, Mechanism] = Field(default_factory=dict)
    why: str | None = None
    cite: Cite = ()


class MediationModel(_Frozen):
    """Effects of the active mediators (Kydd 2003; Beardsley 2008; Beardsley et al. 2006)."""

    info_gain: Probability = Field(
        0.0, description="Share of failures to sign an existing zone a credible mediator removes"
    )
    neutral_credibility: Probability = Field(
        0.5, description="Credibility of a mediator biased towards no signatory (Kydd 2003)"
    )
    uplift: dict[MediatorStyle, Probability] = Field(
        default_factory=dict, description="Added share of agreements by mediation style"
    )
    exit_hazard_ratio: NonNegative = Field(
        1.0, description="Collapse-hazard multiplier of a mediated ceasefire (Beardsley 2008)"
    )
    leverage_cost: NonNegative = Field(
        0.0,
        description="Conflict cost added per unit of an active manipulating mediator's capability",
    )
    why: str | None = None
    cite: Cite = ()


class TalksModel(_Frozen):
    """Whether talks are held, for substance or for show (Crawford & Sobel 1982)."""

    p_held: Probability = Field(0.5, description="P(talks held without substance or PR motive)")
    pr_bonus: dict[str, NonNegative] = Field(
        default_factory=dict, description="A leader's payoff for holding talks, whatever is agreed"
    )
    talk_cost: dict[str, NonNegative] = Field(
        default_factory=dict, description="A leader's audience cost of meeting the adversary"
    )
    why: str | None = None
    cite: Cite = ()


class LimitedDealsModel(_Frozen):
    """How often a feasible side deal (prisoner exchange, corridor) is concluded."""

    rate_per_quarter: Probability = Field(0.3, description="Without a facilitating mediator")
    rate_per_quarter_mediated: Probability | None = Field(
        None, description="With an active mediator; default the same rate"
    )
    why: str | None = None
    cite: Cite = ()


class OutcomeModel(_Frozen):
    """What happens by the horizon: outcome categories O1-O7; see docs/montecarlo.md."""

    p_sign: Probability = Field(
        1.0, description="P(an existing zone of agreement is signed within the horizon)"
    )
    p_escalation: Probability = Field(0.0, description="P(marked escalation | no deal)")
    p_decisive: Probability = Field(0.0, description="P(front collapse | no deal, no ceasefire)")
    ceasefire: CeasefireModel = Field(default_factory=CeasefireModel)
    limited_deals: LimitedDealsModel = Field(default_factory=LimitedDealsModel)
    mediation: MediationModel = Field(default_factory=MediationModel)
    talks: TalksModel = Field(default_factory=TalksModel)
    why: str | None = None
    cite: Cite = ()


CLAIM_TEST_PATTERN = (
    r"^\s*(?:(?:<|<=|>|>=)\s*-?\d+(?:\.\d+)?"
    r"|in\s*\[\s*-?\d+(?:\.\d+)?\s*,\s*-?\d+(?:\.\d+)?\s*\]"
    r"|==\s*[A-Za-z0-9_.\-]+|is\s+(?:true|false))\s*$"
)
"""A claim's test: ``< x``, ``<= x``, ``> x``, ``>= x``, ``in [lo, hi]``, ``== NAME``, ``is true``
or ``is false``."""


class Claim(_Frozen):
    """A claim of a source text, stated as a test on one computed quantity (the article check).

    ``quantity`` is a dotted path into the report's results: ``outcomes.settlement``,
    ``horizon.outcomes.O6_SETTLEMENT``, ``horizon.modal_group``, ``side_deals.H_POW``,
    ``issue_blocked.T_DONBAS`` (Monte Carlo, of the base or of ``variant``), ``delta.NAME``
    (a variant minus the base), ``analysis.verdict.code`` (bargaining) or
    ``gmcr.hypotheses.H4.holds`` (graph model). The report computes it and says agree / disagree;
    it is never tuned to the claim.
    """

    id: Id
    text: str = Field(description="The claim in words")
    cite: Cite = ()
    quantity: str = Field(
        pattern=r"^[A-Za-z][A-Za-z0-9_\-]*(\.[A-Za-z0-9_\-]+)*$",
        description="Dotted path of the computed quantity the claim is about",
    )
    variant: str | None = Field(
        None, description="Id or file stem of the variant the quantity comes from (null: base)"
    )
    test: str = Field(
        pattern=CLAIM_TEST_PATTERN,
        description="'< 0.33', '>= 0.5', 'in [0.1, 0.5]', '== continued_conflict', 'is true'",
    )
    why: str | None = None
    note: str | None = None


class Correlations(_Frozen):
    r"""Correlations between uncertain inputs (a Gaussian copula; docs/montecarlo.md).

    ``matrix[i][j]`` is the correlation of the normal scores :math:`\Phi^{-1}(F(x))` of
    ``inputs[i]`` and ``inputs[j]``; their marginals are unchanged. Checked in
    :mod:`summitry.model.checks`: square, unit diagonal, symmetric, entries in [-1, 1], positive
    semi-definite, every path an uncertain input.
    """

    inputs: tuple[str, ...] = Field(
        description=(
            "Dotted field paths of uncertain inputs, as `summitry simulate --format json` lists "
            "them (e.g. disagreement.cost.RUS.value)"
        )
    )
    matrix: tuple[tuple[float, ...], ...] = Field(
        description="Correlation matrix of their normal scores, rows and columns in inputs order"
    )
    why: str | None = None
    cite: Cite = ()
    note: str | None = None


class Scenario(_Frozen):
    """A whole scenario file (format v1)."""

    format: Literal[1] = Field(1, description="Scenario format version")
    id: Id
    title: str
    question: str | None = None
    as_of: dt.date = Field(description="Information cut-off of every input")
    horizon: dt.date = Field(description="End of the forecast window")
    description: str | None = None
    sources: dict[str, Source] = Field(default_factory=dict)
    conventions: dict[str, str] = Field(default_factory=dict)
    utility: Literal["linear", "quadratic"] = Field(
        "linear", description="Per-issue loss: linear |x - ideal| or quadratic"
    )
    actors: dict[Id, Actor]
    issues: dict[Id, Issue]
    positions: dict[str, dict[str, Position]]
    disagreement: Disagreement = Field(default_factory=Disagreement)
    veto: Veto
    commitment: Commitment = Field(default_factory=Commitment)
    side_issues: dict[Id, SideIssue] = Field(default_factory=dict)
    mediators: dict[Id, Mediator] = Field(default_factory=dict)
    outcome_model: OutcomeModel | None = Field(
        None, description="Outcomes by the horizon (O1-O7) for the Monte Carlo; docs/montecarlo.md"
    )
    gmcr: GmcrBlock | None = Field(
        None,
        description="Graph-model (GMCR) conflict over the parties' discrete options; docs/gmcr.md",
    )
    correlations: Correlations | None = Field(
        None,
        description="Correlated uncertain inputs (Gaussian copula); docs/scenario-format.md",
    )
    claims: tuple[Claim, ...] = Field(
        (), description="Claims of the source text checked against computed quantities (report)"
    )
