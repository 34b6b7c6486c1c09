"""Dirt injection with an exact ledger of what was injected.

Every dirt kind hits its own rows (never two kinds on one row, never a row that another
kind depends on), so the counts in the manifest are exactly what the staging layer finds.
Per table and kind the number of rows is round(rate * rows so far), carried over chunks,
so totals are exact for the whole file.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import columns as col
from . import reference as ref
from .customers import (
    LAST,
    CustomerBlock,
    customer_ids,
    make_addresses,
    make_emails,
    make_phones,
    phone_variant,
)
from .orders import ORDER_ID_WIDTH, order_ids

CUSTOMER_QUARANTINE: tuple[str, ...] = ("missing_key", "superseded_duplicate")
CUSTOMER_NORMALISED: tuple[str, ...] = (
    "email_mixed_case",
    "invalid_email",
    "null_email",
    "phone_variant",
    "phone_junk",
    "null_phone",
    "country_name",
    "country_lowercase",
    "null_demographics",
    "implausible_birth_date",
)
ORDER_REASONS: tuple[str, ...] = (
    "missing_key",
    "missing_required_value",
    "unparseable_date",
    "future_date",
    "unparseable_amount",
    "negative_amount",
    "exact_duplicate",
    "conflicting_duplicate",
    "unknown_customer",
)
QUARANTINE_REASONS: dict[str, tuple[str, ...]] = {
    "customers": CUSTOMER_QUARANTINE,
    "orders": ORDER_REASONS,
    "order_items": ("unknown_order", "unparseable_amount"),
    "products": (),
    "web_sessions": ("unknown_customer",),
    "survey_responses": ("unknown_customer",),
    "email_events": ("unknown_customer",),
    "consents": (),
    "social_interactions": ("unknown_customer",),
}
SOCIAL_NORMALISED: tuple[str, ...] = ("platform_variant",)
DEMOGRAPHIC_COLUMNS: tuple[str, ...] = (
    "birth_date",
    "gender",
    "annual_income",
    "education",
    "occupation",
    "marital_status",
    "household_size",
)
UNKNOWN_CUSTOMER_BASE = 90_000_000  # customer numbers above MAX_CUSTOMERS: never real
FAKE_CUSTOMER_BASE = 80_000_000  # e-mail suffixes of rows without a customer_id
UNKNOWN_ORDER_BASE = 9_000_000_000
OLD_EMAIL_OFFSET = 50_000_000


class DirtLedger:
    """Counts of injected dirt, and quotas that keep totals at round(rate * rows)."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self._base: dict[tuple[str, str], int] = defaultdict(int)
        self._done: dict[tuple[str, str], int] = defaultdict(int)
        self.quarantine = {t: dict.fromkeys(r, 0) for t, r in QUARANTINE_REASONS.items()}
        self.normalised = {
            "customers": dict.fromkeys(CUSTOMER_NORMALISED, 0),
            "social_interactions": dict.fromkeys(SOCIAL_NORMALISED, 0),
        }
        self._seq = {"unknown_customer": 0, "unknown_order": 0, "fake_customer": 0}

    def quota(self, table: str, kind: str, base: int) -> int:
        key = (table, kind)
        self._base[key] += base
        target = math.floor(self.rate * self._base[key] + 0.5)
        return max(target - self._done[key], 0)

    def record(self, table: str, kind: str, rows: int, weight: int = 1) -> None:
        self._done[(table, kind)] += rows
        if kind in self.quarantine.get(table, {}):
            self.quarantine[table][kind] += rows * weight
        else:
            self.normalised[table][kind] += rows

    def numbers(self, what: str, n: int) -> np.ndarray:
        base = {
            "unknown_customer": UNKNOWN_CUSTOMER_BASE,
            "unknown_order": UNKNOWN_ORDER_BASE,
            "fake_customer": FAKE_CUSTOMER_BASE,
        }[what]
        start = self._seq[what]
        self._seq[what] += n
        return base + start + 1 + np.arange(n, dtype=np.int64)

    def unknown_customer_ids(self, n: int) -> pa.Array:
        return customer_ids(self.numbers("unknown_customer", n))


def _segments(perm: np.ndarray, sizes: list[int]) -> list[np.ndarray]:
    """Consecutive disjoint slices of a permutation (clipped to what is available)."""
    out, pos = [], 0
    for size in sizes:
        out.append(np.sort(perm[pos : pos + size]))
        pos = min(pos + size, len(perm))
    return out


def _choice(rng: np.random.Generator, options, n: int) -> list:
    return [options[i] for i in rng.integers(0, len(options), n)]


# ---- customers -------------------------------------------------------------------------
def _mixed_case(rng: np.random.Generator, email: str) -> str:
    local, _, domain = email.partition("@")
    style = int(rng.integers(0, 3))
    if style == 0:
        parts = [p.capitalize() for p in local.replace("_", ".").split(".")]
        sep = "_" if "_" in local else "."
        out = f"{sep.join(parts)}@{domain.capitalize()}"
    elif style == 1:
        out = email.upper()
    else:
        out = f"{local[:1].upper()}{local[1:]}@{domain.upper()}"
    pad = int(rng.integers(0, 4))
    return (" " * (pad % 2 + (pad > 1))) + out + (" " * (pad > 0))


def _invalid_email(rng: np.random.Generator, email: str) -> str:
    local, _, domain = email.partition("@")
    style = int(rng.integers(0, 6))
    if style == 0:
        return f"{local}@"
    if style == 1:
        return f"{local}{domain}"
    if style == 2:
        return f"{local}@{domain.split('.')[0]}"
    if style == 3:
        k = max(1, len(local) // 2)
        return f"{local[:k]} {local[k:]}@{domain}"
    if style == 4:
        return f"{local}@@{domain}"
    return f"@{domain}"


def dirty_customers(
    rng: np.random.Generator,
    ledger: DirtLedger,
    table: pa.Table,
    cb: CustomerBlock,
    end_date: dt.date,
    make_fake: Callable[[np.random.Generator, np.ndarray], pa.Table],
) -> pa.Table:
    m = table.num_rows
    perm = rng.permutation(m)

    # Superseded duplicates: older versions of customers that were updated after sign-up.
    n_extra = ledger.quota("customers", "superseded_duplicate", m)
    n_double = n_extra // 5
    eligible = perm[(cb.updated - cb.signup)[perm] >= 3600]
    n_orig = min(n_extra - n_double, len(eligible))
    n_double = min(n_double, n_orig)
    originals = eligible[:n_orig]
    rest = perm[~np.isin(perm, originals)]

    kinds = CUSTOMER_NORMALISED
    sizes = [ledger.quota("customers", k, m) for k in kinds]
    seg = dict(zip(kinds, _segments(rest, sizes), strict=True))
    cols = {name: table.column(name).combine_chunks() for name in table.column_names}

    # e-mail
    e_idx = np.concatenate([seg["email_mixed_case"], seg["invalid_email"], seg["null_email"]])
    old = cols["email"].take(pa.array(e_idx)).to_pylist()
    k1, k2 = len(seg["email_mixed_case"]), len(seg["invalid_email"])
    new_email = [_mixed_case(rng, e) for e in old[:k1]]
    new_email += [_invalid_email(rng, e) for e in old[k1 : k1 + k2]]
    new_email += [None] * len(seg["null_email"])
    cols["email"] = col.set_at(cols["email"], e_idx, new_email)
    # phone
    v = seg["phone_variant"]
    areas = cb.phone_area.take(pa.array(v)).to_pylist()
    subs = cb.phone_sub.take(pa.array(v)).to_pylist()
    new_phone = [
        phone_variant(rng, ref.COUNTRIES[c], a, s)
        for c, a, s in zip(cb.country[v], areas, subs, strict=True)
    ]
    new_phone += _choice(rng, ref.PHONE_JUNK, len(seg["phone_junk"]))
    new_phone += [None] * len(seg["null_phone"])
    p_idx = np.concatenate([v, seg["phone_junk"], seg["null_phone"]])
    cols["phone"] = col.set_at(cols["phone"], p_idx, new_phone)
    # country
    names = [
        _choice(rng, ref.COUNTRY_NAME_VARIANTS[ref.COUNTRIES[c]], 1)[0]
        for c in cb.country[seg["country_name"]]
    ]
    pads = ("", "", " ", "  ")
    lower = [
        f"{_choice(rng, pads, 1)[0]}{ref.COUNTRIES[c].lower()}{_choice(rng, pads, 1)[0]}"
        for c in cb.country[seg["country_lowercase"]]
    ]
    c_idx = np.concatenate([seg["country_name"], seg["country_lowercase"]])
    cols["country"] = col.set_at(cols["country"], c_idx, names + lower)
    # demographics: 2-4 of the optional columns are null
    nd = seg["null_demographics"]
    hide = {c: [] for c in DEMOGRAPHIC_COLUMNS}
    for row in nd:
        k = int(rng.integers(2, 5))
        for j in rng.choice(len(DEMOGRAPHIC_COLUMNS), size=k, replace=False):
            hide[DEMOGRAPHIC_COLUMNS[j]].append(row)
    for c, rows in hide.items():
        cols[c] = col.set_null(cols[c], np.array(rows, dtype=np.int64))
    # implausible birth dates (ages outside 13..110)
    bd = seg["implausible_birth_date"]
    epoch = dt.date(1970, 1, 1)
    end_day = (end_date - epoch).days
    fixed = [(dt.date(y, mo, d) - epoch).days for y, mo, d in ((1900, 1, 1), (1899, 12, 31))]
    fixed.append((dt.date(1850, 6, 15) - epoch).days)
    bad_days = []
    for _ in bd:
        style = int(rng.integers(0, 5))
        if style < 3:
            bad_days.append(fixed[style])
        elif style == 3:  # a child
            bad_days.append(end_day - int(rng.integers(365, 12 * 365)))
        else:  # in the future
            bad_days.append(end_day + int(rng.integers(30, 2000)))
    cols["birth_date"] = col.set_at(cols["birth_date"], bd, pa.array(bad_days, pa.date32()))

    for k in kinds:
        ledger.record("customers", k, len(seg[k]))
    out = pa.Table.from_arrays([cols[c] for c in table.column_names], schema=table.schema)

    parts = [out]
    if n_orig:
        parts.append(_old_versions(rng, table, cb, originals, n_double))
        ledger.record("customers", "superseded_duplicate", n_orig + n_double)
    n_missing = ledger.quota("customers", "missing_key", m)
    if n_missing:
        fake = make_fake(rng, ledger.numbers("fake_customer", n_missing))
        fake = fake.set_column(0, "customer_id", pa.nulls(n_missing, pa.string()))
        parts.append(fake)
        ledger.record("customers", "missing_key", n_missing)
    return pa.concat_tables(parts)


def _old_versions(
    rng: np.random.Generator,
    table: pa.Table,
    cb: CustomerBlock,
    originals: np.ndarray,
    n_double: int,
) -> pa.Table:
    """Older versions (earlier updated_at, some attributes differ) of `originals`.

    The first `n_double` originals get two older versions.
    """
    src = np.concatenate([originals, originals[:n_double]])
    k = len(src)
    ts = pa.array(src)
    old = {name: table.column(name).combine_chunks().take(ts) for name in table.column_names}
    signup, updated = cb.signup[src], cb.updated[src]
    # version 1: strictly between sign-up and the latest update; version 2 before version 1
    t1 = signup[: len(originals)] + 1
    t1 = t1 + np.floor(rng.random(len(originals)) * (updated[: len(originals)] - t1)).astype(
        np.int64
    )
    t2 = signup[len(originals) :] + np.floor(
        rng.random(n_double) * (t1[:n_double] - signup[len(originals) :])
    ).astype(np.int64)
    old["updated_at"] = col.timestamps(np.concatenate([t1, t2]))

    country = cb.country[src]
    change = rng.random((k, 5)) < 0.35
    change[np.arange(k), rng.integers(0, 5, k)] = True  # at least one attribute differs
    emails = make_emails(
        rng,
        cb.first_ascii.take(ts),
        cb.last_ascii.take(ts),
        cb.number[src] + OLD_EMAIL_OFFSET + np.arange(k),
        country,
    )
    phones, _, _ = make_phones(rng, country, cb.city[src])
    last = LAST.names.take(LAST.pick(rng, country))
    _, region, city, postal = make_addresses(rng, country)
    income = np.rint(cb.income[src] * rng.uniform(0.7, 0.95, k) / 100.0).astype(np.int64) * 100
    marital = col.take(ref.MARITAL_STATUS, rng.integers(0, len(ref.MARITAL_STATUS), k))

    def pick(mask: np.ndarray, new: pa.Array, current: pa.Array) -> pa.Array:
        return pc.if_else(pa.array(mask), new, current)

    old["email"] = pick(change[:, 0], emails, old["email"])
    old["phone"] = pick(change[:, 1], phones, old["phone"])
    old["last_name"] = pick(change[:, 2], last, old["last_name"])
    for name, new in (("region", region), ("city", city), ("postal_code", postal)):
        old[name] = pick(change[:, 3], new, old[name])
    old["annual_income"] = pick(change[:, 4], pa.array(income), old["annual_income"])
    old["marital_status"] = pick(change[:, 4], marital, old["marital_status"])
    return pa.Table.from_arrays([old[c] for c in table.column_names], schema=table.schema)


# ---- orders ----------------------------------------------------------------------------
def _future_dates(rng: np.random.Generator, n: int) -> list[str]:
    lo = int((dt.datetime(2090, 1, 1) - dt.datetime(1970, 1, 1)).total_seconds())
    hi = int((dt.datetime(2099, 12, 31) - dt.datetime(1970, 1, 1)).total_seconds())
    secs = rng.integers(lo, hi, n)
    out = pc.cast(col.timestamps(secs), pa.string()).to_pylist()
    sentinel = rng.random(n) < 0.1
    return ["9999-12-31 23:59:59" if s else v for v, s in zip(out, sentinel, strict=True)]


def dirty_orders(
    rng: np.random.Generator,
    ledger: DirtLedger,
    table: pa.Table,
    total_cents: np.ndarray,
    next_order_numbers: Callable[[int], np.ndarray],
) -> tuple[pa.Table, np.ndarray]:
    """Inject order dirt into a chunk (text-typed date/amount columns).

    Returns the new table and a mask over the clean orders whose lines must be dropped.
    """
    m = table.num_rows
    kinds = ORDER_REASONS[:-1]  # unknown_customer adds new rows instead
    sizes = [ledger.quota("orders", k, m) for k in kinds]
    seg = dict(zip(kinds, _segments(rng.permutation(m), sizes), strict=True))
    clean = table
    cols = {name: table.column(name).combine_chunks() for name in table.column_names}

    cols["order_id"] = col.set_null(cols["order_id"], seg["missing_key"])
    mr = seg["missing_required_value"]
    which = rng.integers(0, 3, len(mr))
    for j, name in enumerate(("customer_id", "ordered_at", "order_total")):
        cols[name] = col.set_null(cols[name], mr[which == j])
    ud, fd = seg["unparseable_date"], seg["future_date"]
    cols["ordered_at"] = col.set_at(
        cols["ordered_at"],
        np.concatenate([ud, fd]),
        _choice(rng, ref.UNPARSEABLE_DATES, len(ud)) + _future_dates(rng, len(fd)),
    )
    ua, na = seg["unparseable_amount"], seg["negative_amount"]
    negative = pc.cast(col.money(-total_cents[na]), pa.string())
    cols["order_total"] = col.set_at(
        cols["order_total"],
        np.concatenate([ua, na]),
        pa.concat_arrays([col.strings(_choice(rng, ref.UNPARSEABLE_AMOUNTS, len(ua))), negative]),
    )
    out = pa.Table.from_arrays([cols[c] for c in table.column_names], schema=table.schema)

    extra = [clean.take(pa.array(seg["exact_duplicate"]))]
    cd = seg["conflicting_duplicate"]
    factor = rng.uniform(0.5, 1.5, len(cd))
    changed = np.rint(total_cents[cd] * factor).astype(np.int64)
    changed = np.where(changed == total_cents[cd], changed + 100, changed)
    conflict = clean.take(pa.array(cd))
    conflict = conflict.set_column(3, "order_total", pc.cast(col.money(changed), pa.string()))
    extra.append(conflict)
    n_unknown = ledger.quota("orders", "unknown_customer", m)
    if n_unknown and m:
        unknown = clean.take(pa.array(rng.integers(0, m, n_unknown)))
        unknown = unknown.set_column(0, "order_id", order_ids(next_order_numbers(n_unknown)))
        unknown = unknown.set_column(1, "customer_id", ledger.unknown_customer_ids(n_unknown))
        extra.append(unknown)
    else:
        n_unknown = 0
    appended = pa.concat_tables(extra)
    appended = appended.take(pa.array(rng.permutation(appended.num_rows)))

    for k in kinds:
        ledger.record("orders", k, len(seg[k]), weight=2 if k == "conflicting_duplicate" else 1)
    ledger.record("orders", "unknown_customer", n_unknown)
    drop = np.zeros(m, dtype=bool)
    for k in kinds:
        if k != "exact_duplicate":
            drop[seg[k]] = True
    return pa.concat_tables([out, appended]), drop


def dirty_items(
    rng: np.random.Generator,
    ledger: DirtLedger,
    table: pa.Table,
    next_item_ids: Callable[[int], pa.Array],
) -> pa.Table:
    """Lines of unknown orders and non-numeric unit prices (text-typed unit_price)."""
    m = table.num_rows
    n_bad = min(ledger.quota("order_items", "unparseable_amount", m), m)
    bad = np.sort(rng.permutation(m)[:n_bad])
    price = col.set_at(
        table.column("unit_price").combine_chunks(),
        bad,
        _choice(rng, ref.UNPARSEABLE_AMOUNTS, n_bad),
    )
    out = table.set_column(4, "unit_price", price)
    ledger.record("order_items", "unparseable_amount", n_bad)
    n_unknown = ledger.quota("order_items", "unknown_order", m) if m else 0
    if n_unknown:
        orphan = table.take(pa.array(rng.integers(0, m, n_unknown)))
        orphan = orphan.set_column(0, "order_item_id", next_item_ids(n_unknown))
        numbers = ledger.numbers("unknown_order", n_unknown)
        orphan = orphan.set_column(1, "order_id", col.ids("O", numbers, ORDER_ID_WIDTH))
        out = pa.concat_tables([out, orphan])
        ledger.record("order_items", "unknown_order", n_unknown)
    return out


def dirty_foreign_key(
    rng: np.random.Generator, ledger: DirtLedger, name: str, table: pa.Table
) -> pa.Table:
    """Point some rows with a customer_id at customers that do not exist."""
    ids = table.column("customer_id").combine_chunks()
    known = np.flatnonzero(pc.is_valid(ids).to_numpy(zero_copy_only=False))
    n = min(ledger.quota(name, "unknown_customer", len(known)), len(known))
    idx = np.sort(rng.permutation(known)[:n])
    ids = col.set_at(ids, idx, ledger.unknown_customer_ids(n))
    ledger.record(name, "unknown_customer", n)
    return table.set_column(table.column_names.index("customer_id"), "customer_id", ids)


def dirty_social(rng: np.random.Generator, ledger: DirtLedger, table: pa.Table) -> pa.Table:
    """Spell some platforms as exports do ('IG', 'twitter'; normalised by staging) and point
    other rows at customers that do not exist (quarantined); the two never share a row."""
    n = table.num_rows
    n_var = min(ledger.quota("social_interactions", "platform_variant", n), n)
    n_unk = min(ledger.quota("social_interactions", "unknown_customer", n), n - n_var)
    var, unk = _segments(rng.permutation(n), [n_var, n_unk])
    var, unk = np.sort(var), np.sort(unk)
    platform = table.column("platform").combine_chunks()
    canonical = platform.take(pa.array(var)).to_pylist()
    spelled = [str(rng.choice(ref.SOCIAL_PLATFORM_VARIANTS[p])) for p in canonical]
    table = table.set_column(
        table.column_names.index("platform"), "platform", col.set_at(platform, var, spelled)
    )
    ledger.record("social_interactions", "platform_variant", n_var)
    ids = table.column("customer_id").combine_chunks()
    ids = col.set_at(ids, unk, ledger.unknown_customer_ids(n_unk))
    ledger.record("social_interactions", "unknown_customer", n_unk)
    return table.set_column(table.column_names.index("customer_id"), "customer_id", ids)
