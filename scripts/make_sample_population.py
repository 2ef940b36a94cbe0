"""Write SAMPLE monthly population statistics per village to content/data/population.csv.

The figures are invented (seeded, so every run writes the same file) but behave like a real
district's: each village's population moves month to month by exactly births - deaths +
moved_in - moved_out, split by sex, and the district ends near Taichung South District's size
(about 50,400 households and 126,500 people, 91-92 men per 100 women). An office that adopts
the site replaces the file with its own monthly figures; see docs/webmaster.md.

    python -m scripts.make_sample_population [--start 2024-11] [--months 24] [--seed 115]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import math
import random
from dataclasses import dataclass
from pathlib import Path

import yaml

from theme.sitekit.population import COLUMNS  # one definition of the CSV's columns

ROOT = Path(__file__).resolve().parent.parent
VILLAGES_FILE = ROOT / "content" / "data" / "villages.yml"
OUTPUT_FILE = ROOT / "content" / "data" / "population.csv"
# District at the start, close to the published May 2021 figures (domain-facts §1.11).
START_POPULATION = 126_700
START_PEOPLE_PER_HOUSEHOLD = 2.53
START_MALE_SHARE = 60_475 / 126_544
# Yearly rates per 1,000 residents, roughly Taichung's urban districts.
BIRTHS_PER_1000 = 6.0
DEATHS_PER_1000 = 7.6
MARRIAGES_PER_1000 = 5.0
DIVORCES_PER_1000 = 2.1
MOVES_PER_1000_MONTHLY = 7.4  # registered moves in (and, slightly fewer, out) per month
# Marriages cluster in auspicious months; few in the ghost month (Aug/Sep) and in February.
MARRIAGE_SEASON = {1: 1.5, 2: 0.7, 3: 0.9, 4: 0.9, 5: 1.0, 6: 0.9,
                   7: 1.0, 8: 0.6, 9: 0.7, 10: 1.2, 11: 1.2, 12: 1.4}  # fmt: skip


@dataclass
class Village:
    """One village's stock of households and residents, carried from month to month."""

    name: str
    households: int
    male: int
    female: int

    @property
    def population(self) -> int:
        return self.male + self.female


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson draw (Knuth for small means, normal approximation above 30)."""
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def binomial(rng: random.Random, trials: int, share: float) -> int:
    return sum(rng.random() < share for _ in range(trials))


def next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def starting_villages(names: list[str], rng: random.Random) -> list[Village]:
    """Split the district into villages of unequal size (about 2,500 to 11,000 people)."""
    weights = [rng.uniform(0.45, 1.9) for _ in names]
    scale = START_POPULATION / sum(weights)
    villages = []
    for name, weight in zip(names, weights, strict=True):
        population = round(weight * scale)
        male = round(population * rng.gauss(START_MALE_SHARE, 0.008))
        households = round(population / rng.gauss(START_PEOPLE_PER_HOUSEHOLD, 0.08))
        villages.append(Village(name, households, male, population - male))
    return villages


def month_rows(villages: list[Village], month: dt.date, rng: random.Random) -> list[dict]:
    """Draw one month's events for every village and update its stock accordingly."""
    rows = []
    for village in villages:
        monthly = village.population / 1000 / 12
        births = poisson(rng, monthly * BIRTHS_PER_1000)
        deaths = poisson(rng, monthly * DEATHS_PER_1000 * (1.15 if month.month in (1, 2) else 1))
        marriages = poisson(rng, monthly * MARRIAGES_PER_1000 * MARRIAGE_SEASON[month.month])
        divorces = poisson(rng, monthly * DIVORCES_PER_1000)
        moves = village.population / 1000 * MOVES_PER_1000_MONTHLY
        moved_in = poisson(rng, moves * 1.01)
        moved_out = poisson(rng, moves)
        men = (
            binomial(rng, births, 0.52)
            - binomial(rng, deaths, 0.56)
            + binomial(rng, moved_in, 0.48)
            - binomial(rng, moved_out, 0.48)
        )
        village.male += men
        village.female += births - deaths + moved_in - moved_out - men  # the rest are women
        village.households += round((moved_in - moved_out) * 0.4 + rng.gauss(0.8, 2.0))
        rows.append(
            {
                "month": f"{month.year:04d}-{month.month:02d}",
                "village": village.name,
                "households": village.households,
                "male": village.male,
                "female": village.female,
                "births": births,
                "deaths": deaths,
                "marriages": marriages,
                "divorces": divorces,
                "moved_in": moved_in,
                "moved_out": moved_out,
            }
        )
    return rows


def generate(start: dt.date, months: int, seed: int) -> list[dict]:
    names = list(yaml.safe_load(VILLAGES_FILE.read_text(encoding="utf-8")))
    rng = random.Random(seed)
    villages = starting_villages(names, rng)
    rows: list[dict] = []
    month = start
    for _ in range(months):
        rows += month_rows(villages, month, rng)
        month = next_month(month)
    return rows


def write_csv(rows: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--start", default="2024-11", help="first month, YYYY-MM")
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--seed", type=int, default=115)
    parser.add_argument("--output", type=Path, default=OUTPUT_FILE)
    args = parser.parse_args()
    start = dt.date.fromisoformat(f"{args.start}-01")
    rows = generate(start, args.months, args.seed)
    write_csv(rows, args.output)
    last = rows[-1]["month"]
    latest = [row for row in rows if row["month"] == last]
    people = sum(row["male"] + row["female"] for row in latest)
    households = sum(row["households"] for row in latest)
    print(f"{args.output}: {len(rows)} rows; {last}: {households:,} households, {people:,} people")


if __name__ == "__main__":
    main()
