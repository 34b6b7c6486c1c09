"""Product catalogue and e-mail campaign calendar (shared by all customer chunks)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from . import columns as col
from . import reference as ref
from .config import GeneratorConfig
from .seasonality import black_friday
from .tables import schema


@dataclass(frozen=True)
class Catalog:
    """Products ordered by (category, list price); `ids` etc. follow that order."""

    table: pa.Table  # as written: sorted by product_id
    ids: pa.Array
    list_cents: np.ndarray
    category: np.ndarray
    cat_start: np.ndarray
    cat_size: np.ndarray


def make_catalog(rng: np.random.Generator, n_products: int) -> Catalog:
    weights = np.array([c.n_products for c in ref.CATEGORIES], dtype=float)
    sizes = col.allocate(weights / weights.sum(), n_products)
    sizes = np.maximum(sizes, 1)
    names, cats, subs, brands, cents = [], [], [], [], []
    models = ("Pro", "Lite", "Max", "Classic", "Air", "Plus", "Mini", "One", "Eco", "Studio")
    models2 = ("Classic", "Selection", "Edition", "Collection", "Premium", "Original", "Gift Set")
    for ci, (cat, k) in enumerate(zip(ref.CATEGORIES, sizes, strict=True)):
        sub_i = rng.integers(0, len(cat.subcategories), k)
        factor = np.array([cat.subcategories[i][2] for i in sub_i])
        price = cat.price_median * factor * rng.lognormal(0.0, cat.price_sigma, k)
        price_cents = (np.floor(np.maximum(price, 1.5)) * 100 + 99).astype(np.int64)
        for j in np.argsort(price_cents, kind="stable"):
            sub, nouns, _ = cat.subcategories[sub_i[j]]
            brand = cat.brands[int(rng.integers(0, len(cat.brands)))]
            noun = nouns[int(rng.integers(0, len(nouns)))]
            name = f"{brand} {noun}"
            if cat.model_names:
                style = int(rng.integers(0, 3))
                if style == 0:
                    letter = chr(65 + int(rng.integers(0, 26)))
                    name += f" {letter}{int(rng.integers(1, 99)) * 10}"
                elif style == 1:
                    name += f" {models[int(rng.integers(0, len(models)))]} {rng.integers(2, 20)}"
                else:
                    name += f" {models[int(rng.integers(0, len(models)))]}"
            else:
                name += f" {models2[int(rng.integers(0, len(models2)))]}"
            names.append(name)
            cats.append(ci)
            subs.append(sub)
            brands.append(brand)
            cents.append(int(price_cents[j]))
    n = len(names)
    numbers = rng.permutation(n) + 1  # ids do not reveal the price rank
    ids = col.ids("P", numbers, 5)
    category = np.array(cats, dtype=np.int64)
    list_cents = np.array(cents, dtype=np.int64)
    table = pa.Table.from_arrays(
        [
            ids,
            col.strings(names),
            col.take(ref.CATEGORY_NAMES, category),
            col.strings(subs),
            col.strings(brands),
            col.money(list_cents),
        ],
        schema=schema("products", dirty=False),
    ).take(pa.array(np.argsort(numbers, kind="stable")))
    return Catalog(
        table=table,
        ids=ids,
        list_cents=list_cents,
        category=category,
        cat_start=col.group_starts(sizes),
        cat_size=sizes.astype(np.int64),
    )


@dataclass(frozen=True)
class Campaigns:
    times: np.ndarray  # epoch seconds, ascending
    ids: pa.Array
    target: np.ndarray  # base probability that an opted-in customer is targeted


PROMOS: tuple[tuple[str, int, int, float], ...] = (
    ("winter-sale", 1, 2, 0.15),
    ("valentines", 2, 7, 0.12),
    ("spring", 3, 20, 0.12),
    ("mothers-day", 5, 2, 0.12),
    ("summer-sale", 7, 1, 0.15),
    ("back-to-school", 9, 1, 0.1),
    ("singles-day", 11, 10, 0.12),
    ("christmas", 12, 1, 0.18),
    ("last-minute", 12, 16, 0.15),
)


def make_campaigns(cfg: GeneratorConfig) -> Campaigns:
    """Weekly newsletters (Tuesdays 10:00) plus seasonal promotions."""
    start = cfg.window_start.date()
    end = cfg.end_date
    items: list[tuple[dt.datetime, str, float]] = []
    for year in range(start.year, end.year + 1):
        bf = black_friday(year)
        promos = [(dt.date(year, m, d), slug, p) for slug, m, d, p in PROMOS]
        promos += [(bf, "black-friday", 0.2), (bf + dt.timedelta(days=3), "cyber-monday", 0.15)]
        for day, slug, p in promos:
            if start <= day <= end:
                items.append((dt.datetime.combine(day, dt.time(8, 0)), slug, p))
    promo_days = {t.date() for t, _, _ in items}
    day = start + dt.timedelta(days=(1 - start.weekday()) % 7)  # first Tuesday
    while day <= end:
        near = any(day + dt.timedelta(days=k) in promo_days for k in (-1, 0, 1))
        if not near:
            items.append((dt.datetime.combine(day, dt.time(10, 0)), "newsletter", 0.025))
        day += dt.timedelta(days=7)
    items.sort()
    epoch = dt.datetime(1970, 1, 1)
    times = np.array([int((t - epoch).total_seconds()) for t, _, _ in items], dtype=np.int64)
    ids = col.strings([f"CMP-{t:%Y%m%d}-{slug}" for t, slug, _ in items])
    target = np.array([p for _, _, p in items])
    return Campaigns(times=times, ids=ids, target=target)
