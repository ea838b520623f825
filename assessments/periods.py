"""An assessment's period: a year, a half-year or a quarter, written "2026", "2026-H1" or
"2026-Q3" and stored as its first and last day, so that periods compare by their dates ("2026"
would sort before "2026-H1" as text). Text becomes dates here and nowhere else."""

import calendar
import datetime
import re
from dataclasses import dataclass

# What a person may write: a year from 1900 to 2099, then a half or a quarter. [0-9], not \d,
# which takes other scripts' digits too; fullmatch, not "$", which takes a final "\n".
LABEL = re.compile(r"((?:19|20)[0-9]{2})(?:-(H[12]|Q[1-4]))?")

# A period's part: its first month and how many months it lasts.
PARTS = {
    "": (1, 12),
    "H1": (1, 6),
    "H2": (7, 6),
    "Q1": (1, 3),
    "Q2": (4, 3),
    "Q3": (7, 3),
    "Q4": (10, 3),
}


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @classmethod
    def of(cls, year: int, part: str = "") -> "Period":
        """The year's ``part`` ("" for the whole year, "H1", "Q3", ...)."""
        first_month, months = PARTS[part]
        last_month = first_month + months - 1
        return cls(
            start=datetime.date(year, first_month, 1),
            end=datetime.date(year, last_month, calendar.monthrange(year, last_month)[1]),
        )

    @classmethod
    def parse(cls, label: str) -> "Period":
        """The period a label names; ValueError unless it is one a person may write."""
        match = LABEL.fullmatch(label)
        if match is None:
            raise ValueError(f"not a year, half-year or quarter: {label!r}")
        return cls.of(int(match[1]), match[2] or "")

    @property
    def label(self) -> str:
        """As a person writes it (2026, 2026-H1, 2026-Q3); any other span of days as
        first/last day (ISO 8601: 2026-01-15/2026-03-10)."""
        year = self.start.year
        for part in PARTS:
            if Period.of(year, part) == self:
                return f"{year:04d}-{part}" if part else f"{year:04d}"
        return f"{self.start.isoformat()}/{self.end.isoformat()}"
