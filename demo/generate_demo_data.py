"""Write the demo's fictional complaints and client counts: `demo/data/demo_complaints.csv`
and `demo/data/demo_client_counts.csv`, which `seed_demo` (and so `make run`) imports.

    .venv/bin/python demo/generate_demo_data.py

No database is needed and the seeds are fixed, so the files come out the same each time; they
are committed, and `make run` only reads them. The institutions and their sizes come from
`demo/data/demo_institutions.csv` (active clients at the end of September 2026).

Fourteen months, September 2025 to October 2026, for the banks and the non-bank credit
organisations (NBCOs); `seed_demo` publishes October 2025 to September 2026. Most banks'
indices wander around a level of their own, so zones move from month to month; a few follow
a script, so that the supervision pages have something to show (the test of the demo checks
each one against the published tables):

- RED_FOR_MONTHS is red in five of the last six published months;
- RISING's index goes up in each of the last three published months, from yellow into red;
- FALLING moves down a zone between the last two published months;
- SIGNAL, a large bank, has a moderate index in September 2026 that is above the 99.8 %
  funnel limit: with about a hundred complaints expected, chance does not explain it;
- CHANCE, a small bank, has a high index in September 2026 on four complaints that stays
  within the funnel: chance explains it.

Counted complaints have complainants of their own; on top of them come a few that do not
count (categories that never count, repeats marked as such, and the same complainant again
within 30 days), so that the counting has something to leave out.
"""

import csv
import datetime
import math
import random
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
INSTITUTIONS = DATA / "demo_institutions.csv"
COMPLAINTS = DATA / "demo_complaints.csv"
CLIENT_COUNTS = DATA / "demo_client_counts.csv"

SEED = 2  # the first seed whose draws show every scenario below (see check)
MONTHS = [datetime.date(2025 + (8 + i) // 12, (8 + i) % 12 + 1, 1) for i in range(14)]
PUBLISHED = MONTHS[1:13]  # October 2025 to September 2026; October 2026 is left to publish
LATEST = len(PUBLISHED)  # September 2026, by its position in MONTHS
SIZES_AS_OF = MONTHS.index(datetime.date(2026, 9, 1))

RED_FOR_MONTHS = "sumgayit-bank"
RISING = "karvan-bank"
FALLING = "lankaran-bank"
SIGNAL = "khazar-bank"
CHANCE = "gabala-bank"

# The scripted banks' index, month by month (September 2025 first). The other banks take
# what is left, so that the sector's client-weighted index stays 1.
SCRIPTED = {  # September 2025 to March 2026, then April to October 2026
    RED_FOR_MONTHS: [1.02, 1.08, 1.15, 1.26, 1.31, 1.42, 1.37]
    + [1.55, 1.62, 1.12, 1.71, 1.58, 1.66, 1.61],
    RISING: [0.95, 0.88, 0.79, 0.83, 0.92, 0.85, 0.78] + [0.81, 0.76, 0.72, 0.86, 1.04, 1.29, 1.24],
    FALLING: [1.12, 1.05, 1.18, 0.97, 1.09, 1.24, 1.15]
    + [1.08, 1.19, 1.11, 1.17, 1.31, 0.94, 0.99],
    SIGNAL: [1.05, 1.10, 1.02, 1.08, 1.12, 1.00, 1.06] + [1.10, 1.14, 1.09, 1.18, 1.12, 1.38, 1.35],
}
# The chance bank's counted complaints, month by month: a handful, so its index jumps.
CHANCE_COMPLAINTS = [1, 0, 2, 1, 3, 1, 0, 2, 1, 2, 1, 1, 4, 1]
# Where each of the other banks' index wanders (before the sector is balanced).
BANK_LEVELS = {
    "absheron-bank": 0.95,
    "qafqaz-bank": 1.05,
    "ganja-bank": 0.9,
    "shirvan-bank": 0.75,
    "ipek-yolu-bank": 0.7,
    "gunesh-bank": 0.8,
    "guba-bank": 0.85,
    "mingachevir-bank": 1.2,
    "shamakhi-bank": 0.9,
    "goychay-bank": 1.3,
    "zagatala-bank": 0.6,
    "astara-bank": 1.0,
}
# The banks' counted complaints in a month, in all (about 330 rising to 410).
BANK_COMPLAINTS = [320, 330, 335, 345, 330, 340, 350, 355, 360, 365, 375, 385, 405, 410]
# The NBCOs' counted complaints, month by month (few: their zones jump).
NBCO_COMPLAINTS = {
    "umid-mfi": [5, 7, 4, 6, 8, 5, 6, 7, 4, 6, 5, 6, 9, 6],
    "bereket-mfi": [4, 3, 5, 2, 4, 4, 3, 2, 5, 3, 4, 2, 3, 4],
    "cicek-mfi": [1, 2, 1, 2, 0, 1, 2, 1, 2, 1, 0, 2, 2, 1],
}
# Monthly growth of the client base, by institution (otherwise drawn between -0.3 % and 1.2 %).
GROWTH = {SIGNAL: 0.004, CHANCE: 0.006}

CHANNELS = (("written", 0.5), ("oral", 0.3), ("in_person", 0.2))
BANK_CATEGORIES = (
    ("cards", 0.22),
    ("payments", 0.14),
    ("loans", 0.18),
    ("fees", 0.1),
    ("remote_banking", 0.12),
    ("accounts", 0.08),
    ("service", 0.1),
    ("cash", 0.03),
    ("other", 0.03),
)
NBCO_CATEGORIES = (("loans", 0.5), ("fees", 0.2), ("service", 0.2), ("other", 0.1))
NEVER_COUNTED = ("loan_concession", "loan_request", "outside_mandate")
NOT_COUNTED_SHARE = 0.03  # complaints in categories that never count, against counted ones
REPEAT_SHARE = 0.02  # repeats (marked, or the same complainant again), against counted ones


def _institutions() -> list[dict]:
    with INSTITUTIONS.open(encoding="utf-8") as file:
        return [
            {"code": row["code"], "kind": row["kind"], "clients": int(row["active_clients"])}
            for row in csv.DictReader(file)
            if row["kind"] in ("bank", "nbco") and row["active_clients"]
        ]


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    draw = rng.random() * sum(weight for _value, weight in weighted)
    for value, weight in weighted:
        draw -= weight
        if draw < 0:
            return value
    return weighted[-1][0]


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth's method: fine for the small means here)."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def client_counts(institutions: list[dict], rng: random.Random) -> dict[str, list[int]]:
    """Each institution's active clients by month, near its size at the end of September
    2026, growing (or shrinking) a little each month."""
    counts = {}
    for institution in institutions:
        growth = GROWTH.get(institution["code"], rng.uniform(-0.003, 0.012))
        counts[institution["code"]] = [
            round(
                institution["clients"]
                * (1 + growth) ** (month - SIZES_AS_OF)
                * (1 + rng.uniform(-0.002, 0.002))
            )
            for month in range(len(MONTHS))
        ]
    return counts


def bank_complaints(clients: dict[str, list[int]], rng: random.Random) -> dict[str, list[int]]:
    """Counted complaints per bank and month: the others drawn around their level first, the
    chance bank's count as set, then the scripted banks' counts from the total those give, so
    that the scripted indices come out as set (but for rounding)."""
    banks = list(clients)
    levels = dict(BANK_LEVELS)
    counts: dict[str, list[int]] = {code: [] for code in banks}
    for month in range(len(MONTHS)):
        sector = sum(clients[code][month] for code in banks)
        rate = BANK_COMPLAINTS[month] / sector
        scripted = sum(SCRIPTED[code][month] * clients[code][month] for code in SCRIPTED) / sector
        # The others' expected total is what the scripted banks leave of the month's total.
        weight = sum(levels[code] * clients[code][month] for code in levels) / sector
        scale = (1 - scripted) / weight
        for code in levels:
            counts[code].append(_poisson(rng, levels[code] * scale * rate * clients[code][month]))
        counts[CHANCE].append(CHANCE_COMPLAINTS[month])
        others = sum(counts[code][month] for code in banks if code not in SCRIPTED)
        total = others / (1 - scripted)  # C, such that the scripted banks have index t: t·C·n/N
        for code in SCRIPTED:
            counts[code].append(
                round(SCRIPTED[code][month] * total * clients[code][month] / sector)
            )
        for code in levels:  # each level takes a step for next month, pulled back to its own
            levels[code] = max(
                0.3, levels[code] + 0.5 * (BANK_LEVELS[code] - levels[code]) + rng.gauss(0, 0.15)
            )
    return counts


def complaint_rows(counted: dict[str, list[int]], kinds: dict[str, str], rng: random.Random):
    """Every complaint, counted or not, in the order received."""
    rows = []
    person = 0
    for code, by_month in counted.items():
        categories = NBCO_CATEGORIES if kinds[code] == "nbco" else BANK_CATEGORIES
        for month, number in zip(MONTHS, by_month, strict=True):
            days = (
                datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1) - month
            ).days
            counted_here = []
            for _ in range(number):
                person += 1
                row = {
                    "institution_code": code,
                    "received_on": month + datetime.timedelta(days=rng.randrange(days)),
                    "channel": _pick(rng, CHANNELS),
                    "category": _pick(rng, categories),
                    "complainant_ref": f"P{person:06d}",
                    "is_repeat": 0,
                }
                counted_here.append(row)
            rows.extend(counted_here)
            for _ in range(_poisson(rng, number * NOT_COUNTED_SHARE)):
                person += 1
                rows.append(
                    {
                        "institution_code": code,
                        "received_on": month + datetime.timedelta(days=rng.randrange(days)),
                        "channel": _pick(rng, CHANNELS),
                        "category": rng.choice(NEVER_COUNTED),
                        "complainant_ref": f"P{person:06d}",
                        "is_repeat": 0,
                    }
                )
            last_day = month + datetime.timedelta(days=days - 1)
            earlier = [row for row in counted_here if row["received_on"] < last_day]
            for _ in range(_poisson(rng, number * REPEAT_SHARE) if earlier else 0):
                first = rng.choice(earlier)
                # The same complainant and topic again later in the month; or marked a repeat.
                again = first["received_on"] + datetime.timedelta(
                    days=rng.randint(1, min(30, (last_day - first["received_on"]).days))
                )
                marked = rng.random() < 0.5
                rows.append(
                    {
                        **first,
                        "received_on": again,
                        "channel": _pick(rng, CHANNELS),
                        "is_repeat": 1 if marked else 0,
                    }
                )
    rows.sort(key=lambda row: (row["received_on"], row["institution_code"], row["complainant_ref"]))
    numbers: dict[int, int] = {}
    for row in rows:
        year = row["received_on"].year
        numbers[year] = numbers.get(year, 0) + 1
        row["reference"] = f"MB-{year}-{numbers[year]:05d}"
    return rows


def tables(counted: dict[str, list[int]], clients: dict[str, list[int]], kinds: dict[str, str]):
    """The banks' month tables as the portal computes them (complaints.index), to check the
    script's scenarios before the files are written."""
    from complaints.index import InstitutionCounts, ZoneRule, complaint_index

    return [
        complaint_index(
            [
                InstitutionCounts(code, counted[code][month], clients[code][month])
                for code in counted
                if kinds[code] == "bank"
            ],
            ZoneRule(),
        )
        for month in range(len(MONTHS))
    ]


def check(bank_tables) -> list[str]:
    """What of the scenarios the tables do not show (nothing, when all is well)."""
    rows = [{row.institution: row for row in table.rows} for table in bank_tables]
    published = rows[1 : LATEST + 1]
    problems = []
    red = sum(row[RED_FOR_MONTHS].zone == "red" for row in published[-6:])
    if red < 4:
        problems.append(f"{RED_FOR_MONTHS} is red in {red} of the last six months")
    if published[-1][RED_FOR_MONTHS].zone != "red":
        problems.append(f"{RED_FOR_MONTHS} is not red in the latest month")
    rising = [row[RISING].index for row in published[-4:]]
    if rising != sorted(set(rising)):
        problems.append(f"{RISING} does not rise: {rising}")
    if published[-1][RISING].zone == published[-2][RISING].zone:
        problems.append(f"{RISING} stays in its zone")
    if published[-1][FALLING].index >= published[-2][FALLING].index or (
        published[-1][FALLING].zone == published[-2][FALLING].zone
    ):
        problems.append(f"{FALLING} does not move down a zone")
    signal = published[-1][SIGNAL]
    if not (1.25 <= signal.index <= 1.4 and signal.funnel == "above_998"):
        problems.append(f"{SIGNAL}: index {signal.index:.3f}, {signal.funnel}")
    chance = published[-1][CHANCE]
    if not (1.8 <= chance.index <= 2.5 and chance.funnel == "within"):
        problems.append(f"{CHANCE}: index {chance.index:.3f}, {chance.funnel}")
    for month, table in zip(PUBLISHED, bank_tables[1 : LATEST + 1], strict=True):
        zones = table.zone_counts()
        if min(zones.values()) < 2:
            problems.append(f"{month:%Y-%m}: zones {dict(zones)}")
    return problems


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    rng = random.Random(SEED)  # noqa: S311  (repeatable fictional data, not a secret)
    institutions = _institutions()
    kinds = {institution["code"]: institution["kind"] for institution in institutions}
    clients = client_counts(institutions, rng)
    counted = bank_complaints(
        {code: clients[code] for code in clients if kinds[code] == "bank"}, rng
    )
    counted.update(NBCO_COMPLAINTS)
    bank_tables = tables(counted, clients, kinds)
    problems = check(bank_tables)
    for month, table in zip(MONTHS, bank_tables, strict=True):
        zones = table.zone_counts()
        print(
            f"{month:%Y-%m}: {table.total_complaints} counted, "
            + ", ".join(f"{zone}: {count}" for zone, count in zones.items())
            + f", not listed: {len(table.not_listed)}"
        )
    if problems:
        print("The scenarios do not show:", *problems, sep="\n  ", file=sys.stderr)
        return 1

    rows = complaint_rows(counted, kinds, rng)
    with COMPLAINTS.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=";", lineterminator="\n")
        writer.writerow(
            [
                "institution_code",
                "received_on",
                "channel",
                "category",
                "complainant_ref",
                "is_repeat",
                "reference",
            ]
        )
        for row in rows:
            writer.writerow(
                [
                    row["institution_code"],
                    f"{row['received_on']:%d.%m.%Y}",
                    row["channel"],
                    row["category"],
                    row["complainant_ref"],
                    row["is_repeat"],
                    row["reference"],
                ]
            )
    with CLIENT_COUNTS.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(["institution_code", "month", "active_clients"])
        for index, month in enumerate(MONTHS):
            for institution in institutions:
                writer.writerow(
                    [institution["code"], f"{month:%Y-%m}", clients[institution["code"]][index]]
                )
    print(f"{len(rows)} complaints and {len(institutions) * len(MONTHS)} client counts written.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
