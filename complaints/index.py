"""The Central Bank's complaint index: plain functions over plain data, no Django.

    complaint share = an institution's counted complaints / the sector's counted complaints
    client share    = the institution's clients / the sector's clients
    index           = complaint share / client share

The sector is every institution of one kind with a client count for the period, listed or
not: one without complaints still adds its clients. Only institutions with at least one
counted complaint are listed. One with complaints but no client count makes the period
incomplete. Shares and indices are computed as exact fractions, so an index exactly on a
zone bound is never pushed across it by rounding; rounding is for display only.
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from scipy.stats import poisson

from .statistics import Funnel, funnel_label, index_interval


class Zone(StrEnum):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"


class Method(StrEnum):
    BAND = "band"
    SIGNIFICANCE = "significance"


class Reference(StrEnum):
    SECTOR = "sector"  # 1.0: the client-weighted average of every institution's index
    MEAN = "mean"  # the plain mean of the listed indices


@dataclass(frozen=True)
class ZoneRule:
    """How indices become zones. ``band``: green below lower × reference, red above
    upper × reference, yellow between (bounds included). ``significance``: red or green only
    when the complaints differ from the expected number (client share × sector complaints)
    beyond ``confidence`` under a Poisson model (two-sided), yellow otherwise."""

    method: Method = Method.BAND
    lower: float = 0.80
    upper: float = 1.20
    reference: Reference = Reference.SECTOR
    confidence: float = 0.95

    def __post_init__(self) -> None:
        if not 0 < self.lower <= self.upper:
            raise ValueError("the bounds need 0 < lower <= upper")
        if not 0 < self.confidence < 1:
            raise ValueError("the confidence must be between 0 and 1")


@dataclass(frozen=True)
class InstitutionCounts:
    institution: Hashable
    complaints: int
    clients: int | None  # None: no client count for the period


@dataclass(frozen=True)
class IndexRow:
    institution: Hashable
    complaints: int
    clients: int
    complaint_share: float
    client_share: float
    index: float
    expected: float
    zone: Zone
    # The index's 95 % interval and where it stands against the funnel (complaints.statistics).
    index_low: float = 0.0
    index_high: float = 0.0
    funnel: Funnel = Funnel.WITHIN

    def figures(self) -> dict[str, object]:
        """What a table shows of the row, by column name (zone and funnel by their names)."""
        return {
            "complaints": self.complaints,
            "complaint_share": self.complaint_share,
            "clients": self.clients,
            "client_share": self.client_share,
            "index": self.index,
            "expected": self.expected,
            "index_low": self.index_low,
            "index_high": self.index_high,
            "funnel": self.funnel.value,
            "zone": self.zone.value,
        }


@dataclass(frozen=True)
class IndexTable:
    rows: list[IndexRow]
    total_complaints: int
    total_clients: int
    not_listed: list[Hashable] = field(default_factory=list)
    # The expected complaints of each institution not listed (no complaint), for the funnel plot.
    not_listed_expected: list[float] = field(default_factory=list)
    missing_clients: list[Hashable] = field(default_factory=list)
    reference_value: float = 1.0

    @property
    def complete(self) -> bool:
        return not self.missing_clients

    def zone_counts(self) -> dict[Zone, int]:
        counts = dict.fromkeys(Zone, 0)
        for row in self.rows:
            counts[row.zone] += 1
        return counts


def _exact(value: float) -> Fraction:
    """0.8 as 4/5, not as the binary float nearest to it."""
    return Fraction(str(value))


def _band_zone(index: Fraction, rule: ZoneRule, reference: Fraction) -> Zone:
    if index < _exact(rule.lower) * reference:
        return Zone.GREEN
    if index > _exact(rule.upper) * reference:
        return Zone.RED
    return Zone.YELLOW


def _significance_zone(observed: int, expected: float, confidence: float) -> Zone:
    tail = (1 - confidence) / 2
    if expected <= 0:
        return Zone.RED if observed > 0 else Zone.YELLOW
    if poisson.sf(observed - 1, expected) < tail:  # P(X >= observed)
        return Zone.RED
    if poisson.cdf(observed, expected) < tail:  # P(X <= observed)
        return Zone.GREEN
    return Zone.YELLOW


def complaint_index(counts: Iterable[InstitutionCounts], rule: ZoneRule) -> IndexTable:
    """The table for one period and one kind of institution."""
    counts = list(counts)
    for item in counts:
        if item.complaints < 0 or (item.clients is not None and item.clients < 0):
            raise ValueError(f"{item.institution}: counts cannot be negative")
    # No client count, or none at all, cannot carry a share: the period is incomplete.
    missing = [c.institution for c in counts if c.complaints > 0 and not c.clients]
    with_clients = [c for c in counts if c.clients]
    total_complaints = sum(c.complaints for c in with_clients)
    total_clients = sum(c.clients for c in with_clients)
    listed = [c for c in with_clients if c.complaints > 0]
    not_listed = [c.institution for c in with_clients if c.complaints == 0]

    shares = []
    for item in listed:
        complaint_share = Fraction(item.complaints, total_complaints)
        client_share = Fraction(item.clients, total_clients)
        shares.append((item, complaint_share, client_share, complaint_share / client_share))

    reference = Fraction(1)
    if rule.reference == Reference.MEAN and shares:
        reference = sum(index for *_rest, index in shares) / len(shares)

    rows = []
    for item, complaint_share, client_share, index in shares:
        expected = client_share * total_complaints
        if rule.method == Method.SIGNIFICANCE:
            zone = _significance_zone(item.complaints, float(expected), rule.confidence)
        else:
            zone = _band_zone(index, rule, reference)
        low, high = index_interval(item.complaints, float(expected))
        rows.append(
            IndexRow(
                institution=item.institution,
                complaints=item.complaints,
                clients=item.clients,
                complaint_share=float(complaint_share),
                client_share=float(client_share),
                index=float(index),
                expected=float(expected),
                zone=zone,
                index_low=low,
                index_high=high,
                funnel=funnel_label(float(index), float(expected)),
            )
        )
    rows.sort(key=lambda row: (-row.index, str(row.institution)))
    return IndexTable(
        rows=rows,
        total_complaints=total_complaints,
        total_clients=total_clients,
        not_listed=not_listed,
        not_listed_expected=[
            float(Fraction(item.clients, total_clients) * total_complaints)
            for item in with_clients
            if item.complaints == 0
        ],
        missing_clients=missing,
        reference_value=float(reference),
    )
