"""Tests of the demo data generator (`segdb generate`).

Counts are recomputed independently from the written files with pandas and compared with
the dirt manifest, using the rules the dbt staging layer applies.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from segdb.generator import GeneratorConfig, generate
from segdb.generator.seasonality import black_friday

# Column names and order exactly as in the data contract.
CONTRACT = {
    "customers": [
        "customer_id", "email", "phone", "first_name", "last_name", "birth_date", "gender",
        "annual_income", "education", "occupation", "marital_status", "household_size",
        "country", "region", "city", "postal_code", "signup_at", "acquisition_channel",
        "updated_at",
    ],
    "orders": [
        "order_id", "customer_id", "ordered_at", "order_total", "currency", "status", "channel",
        "discount_amount", "item_count",
    ],
    "order_items": [
        "order_item_id", "order_id", "product_id", "quantity", "unit_price", "discount_amount",
    ],
    "products": ["product_id", "product_name", "category", "subcategory", "brand", "list_price"],
    "web_sessions": [
        "session_id", "customer_id", "started_at", "device_type", "os", "browser",
        "traffic_source", "pageviews", "duration_seconds",
    ],
    "survey_responses": ["response_id", "customer_id", "answered_at", "question", "answer"],
    "email_events": ["event_id", "customer_id", "campaign_id", "event_type", "occurred_at"],
    "consents": ["customer_id", "consent_type", "granted", "updated_at"],
    "social_interactions": [
        "interaction_id", "customer_id", "platform", "interaction_type", "occurred_at",
        "sentiment",
    ],
}  # fmt: skip
TIMESTAMPS = {
    "customers": ["signup_at", "updated_at"],
    "orders": ["ordered_at"],
    "web_sessions": ["started_at"],
    "survey_responses": ["answered_at"],
    "email_events": ["occurred_at"],
    "consents": ["updated_at"],
    "social_interactions": ["occurred_at"],
}
ISO = {"DE", "FR", "ES", "IT", "NL", "GB", "US"}
COUNTRY_NAMES = {  # spellings staging must map back to ISO codes (compared lower-case)
    "germany": "DE", "deutschland": "DE", "deu": "DE", "france": "FR", "fra": "FR",
    "spain": "ES", "españa": "ES", "espana": "ES", "italy": "IT", "italia": "IT",
    "netherlands": "NL", "the netherlands": "NL", "nederland": "NL", "holland": "NL",
    "united kingdom": "GB", "uk": "GB", "great britain": "GB", "england": "GB",
    "usa": "US", "u.s.a.": "US", "united states": "US", "united states of america": "US",
}  # fmt: skip
SOCIAL_PLATFORMS = {"instagram", "facebook", "tiktok", "x", "youtube", "linkedin", "pinterest"}
SOCIAL_SPELLINGS = {  # lower-cased export spellings staging must map back (value_map)
    "ig", "insta", "fb", "meta", "tik tok", "twitter", "yt", "linked in",
} | SOCIAL_PLATFORMS  # fmt: skip
EMAIL_RE = re.compile(r"^[a-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$")
PHONE_RE = {  # canonical national formats
    "DE": r"0\d{2,4} \d{6,8}",
    "FR": r"0\d( \d\d){4}",
    "ES": r"\d{3} \d{3} \d{3}",
    "IT": r"0\d{1,3} \d{6,8}|3\d\d \d{7}",
    "NL": r"0\d{1,2} \d{3} \d{4}|06 \d{8}",
    "GB": r"0\d{2,3} \d{3,4} \d{4}|07\d{3} \d{6}",
    "US": r"\(\d{3}\) \d{3}-\d{4}",
}
DEMOGRAPHICS = [
    "birth_date", "gender", "annual_income", "education", "occupation", "marital_status",
    "household_size",
]  # fmt: skip
TS_FORMAT = "%Y-%m-%d %H:%M:%S"
END = dt.date(2026, 6, 30)
WINDOW = (dt.datetime(2023, 7, 1), dt.datetime(2026, 6, 30, 23, 59, 59))
DIRT_RATE = 0.03


def run(out: Path, **kwargs) -> Path:
    params = {"customers": 3000, "seed": 7, "chunk_size": 1000, "quiet": True} | kwargs
    generate(GeneratorConfig(out=out, **params))
    return out


def read(folder: Path, table: str) -> pd.DataFrame:
    """A raw CSV as text; empty fields are NaN, every other value is kept verbatim."""
    return pd.read_csv(
        folder / "raw" / f"{table}.csv", dtype=str, keep_default_na=False, na_values=[""]
    )


def manifest(folder: Path) -> dict:
    return json.loads((folder / "truth" / "dirt_manifest.json").read_text())


def parse_ts(value) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(value, TS_FORMAT)
    except (TypeError, ValueError):
        return None


def cents(series: pd.Series) -> pd.Series:
    return (pd.to_numeric(series) * 100).round().astype("int64")


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Path:
    return run(tmp_path_factory.mktemp("clean"))


@pytest.fixture(scope="module")
def dirty(tmp_path_factory) -> Path:
    return run(tmp_path_factory.mktemp("dirty"), customers=4000, seed=11, dirt_rate=DIRT_RATE)


@pytest.fixture(scope="module")
def dirty_parquet(tmp_path_factory) -> Path:
    return run(
        tmp_path_factory.mktemp("dirty_pq"),
        customers=4000,
        seed=11,
        dirt_rate=DIRT_RATE,
        fmt="parquet",
    )


# ---- layout ----------------------------------------------------------------------------
def test_layout_and_contract_columns(clean: Path) -> None:
    assert sorted(p.name for p in (clean / "raw").iterdir()) == sorted(f"{t}.csv" for t in CONTRACT)
    assert sorted(p.name for p in (clean / "truth").iterdir()) == [
        "customer_archetypes.csv",
        "dirt_manifest.json",
    ]
    for table, cols in CONTRACT.items():
        header = (clean / "raw" / f"{table}.csv").read_text().split("\n", 1)[0]
        assert header.split(",") == cols, table
    text = (clean / "truth" / "dirt_manifest.json").read_text()
    assert text == json.dumps(json.loads(text), sort_keys=True, indent=2) + "\n"
    m = manifest(clean)
    assert m["seed"] == 7 and m["customers_requested"] == 3000
    assert m["end_date"] == "2026-06-30" and m["dirt_rate"] == 0.0
    for table in CONTRACT:
        assert m["row_counts"][table] == len(read(clean, table))


def test_deterministic(tmp_path: Path) -> None:
    args = {"customers": 1200, "seed": 5, "dirt_rate": 0.02, "chunk_size": 500}
    a = run(tmp_path / "a", **args)
    b = run(tmp_path / "b", **args)
    c = run(tmp_path / "c", **(args | {"seed": 6}))
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert len(files) == 11
    for rel in files:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel
    for table in ("customers", "orders", "web_sessions"):
        assert (a / "raw" / f"{table}.csv").read_bytes() != (
            c / "raw" / f"{table}.csv"
        ).read_bytes()


# ---- sizes -----------------------------------------------------------------------------
def test_requested_sizes(clean: Path, dirty: Path) -> None:
    customers = read(clean, "customers")
    assert len(customers) == 3000 and customers["customer_id"].is_unique
    orders = read(clean, "orders")
    expected = manifest(clean)["expected_orders_per_customer"]
    assert 8.0 < expected < 12.0
    assert abs(len(orders) / 3000 - expected) < 0.1 * expected
    items_per_order = len(read(clean, "order_items")) / len(orders)
    assert 2.2 < items_per_order < 2.9

    m = manifest(dirty)
    q = m["quarantine"]["customers"]
    dc = read(dirty, "customers")
    assert len(dc) == 4000 + q["missing_key"] + q["superseded_duplicate"]
    assert dc["customer_id"].dropna().nunique() == 4000
    for table, rows in m["row_counts"].items():
        assert rows == len(read(dirty, table)), table
        assert m["expected_valid_rows"][table] == rows - sum(m["quarantine"][table].values())


# ---- clean data ------------------------------------------------------------------------
def test_clean_data_has_no_dirt(clean: Path) -> None:
    m = manifest(clean)
    assert all(v == 0 for reasons in m["quarantine"].values() for v in reasons.values())
    assert all(v == 0 for t in m["normalised"].values() for v in t.values())
    t = {name: read(clean, name) for name in CONTRACT}

    keys = {
        "customers": "customer_id",
        "orders": "order_id",
        "order_items": "order_item_id",
        "products": "product_id",
        "web_sessions": "session_id",
        "survey_responses": "response_id",
        "email_events": "event_id",
        "social_interactions": "interaction_id",
    }
    for table, key in keys.items():
        assert t[table][key].notna().all() and t[table][key].is_unique, table
    assert not t["consents"].duplicated(["customer_id", "consent_type", "updated_at"]).any()
    assert t["orders"][["customer_id", "ordered_at", "order_total"]].notna().all().all()
    assert t["customers"].notna().all().all()  # clean customers are complete

    ids = set(t["customers"]["customer_id"])
    assert set(t["orders"]["customer_id"]) <= ids
    assert set(t["order_items"]["order_id"]) <= set(t["orders"]["order_id"])
    assert set(t["order_items"]["product_id"]) <= set(t["products"]["product_id"])
    assert set(t["web_sessions"]["customer_id"].dropna()) <= ids
    assert t["web_sessions"]["customer_id"].isna().mean() > 0.05  # anonymous sessions
    for table in ("survey_responses", "email_events", "consents", "social_interactions"):
        assert set(t[table]["customer_id"]) <= ids, table

    for table, cols in TIMESTAMPS.items():
        for c in cols:
            parsed = t[table][c].map(parse_ts)
            assert parsed.notna().all(), (table, c)
            assert parsed.min() >= WINDOW[0] and parsed.max() <= WINDOW[1], (table, c)
    cust = t["customers"].set_index("customer_id")
    assert (cust["signup_at"] <= cust["updated_at"]).all()
    signup = t["orders"]["customer_id"].map(cust["signup_at"])
    assert (t["orders"]["ordered_at"] >= signup).all()

    assert t["customers"]["email"].map(lambda e: bool(EMAIL_RE.match(e))).all()
    assert t["customers"]["email"].is_unique
    assert set(t["customers"]["country"]) <= ISO
    phone_ok = [
        re.fullmatch(PHONE_RE[c], p) is not None
        for c, p in zip(t["customers"]["country"], t["customers"]["phone"], strict=True)
    ]
    assert all(phone_ok)
    birth = pd.to_datetime(t["customers"]["birth_date"], format="%Y-%m-%d")
    age = (pd.Timestamp(END) - birth).dt.days / 365.25
    assert age.between(18, 96).all()

    o, i = t["orders"], t["order_items"]
    assert set(o["status"]) <= {"completed", "cancelled", "returned", "pending"}
    assert set(o["channel"]) <= {"web", "app", "store", "phone", "marketplace"}
    assert set(o["currency"].dropna()) <= {"EUR", "GBP", "USD"}
    assert (o["currency"] == "EUR").mean() > 0.85
    assert (cents(o["order_total"]) > 0).all() and (cents(o["discount_amount"]) >= 0).all()
    i = i.assign(
        net=pd.to_numeric(i["quantity"]) * cents(i["unit_price"]) - cents(i["discount_amount"]),
        qty=pd.to_numeric(i["quantity"]),
        disc=cents(i["discount_amount"]),
    )
    sums = i.groupby("order_id")[["net", "qty", "disc"]].sum()
    o = o.set_index("order_id")
    assert (sums["net"] == cents(o["order_total"]).loc[sums.index]).all()
    assert (sums["qty"] == pd.to_numeric(o["item_count"]).loc[sums.index]).all()
    assert (sums["disc"] == cents(o["discount_amount"]).loc[sums.index]).all()
    assert set(t["email_events"]["event_type"]) == {
        "sent", "delivered", "open", "click", "bounce", "unsubscribe", "complaint"
    }  # fmt: skip
    assert set(t["consents"]["consent_type"]) == {
        "email_marketing", "sms_marketing", "data_sale_opt_out", "erasure_request"
    }  # fmt: skip
    assert set(t["consents"]["granted"]) == {"true", "false"}


def test_consents_and_email_are_consistent(clean: Path) -> None:
    consents = read(clean, "consents")
    events = read(clean, "email_events")
    email = consents[consents["consent_type"] == "email_marketing"]
    assert set(email["customer_id"]) == set(read(clean, "customers")["customer_id"])
    granted = email[email["granted"] == "true"].groupby("customer_id")["updated_at"].min()
    first_sent = events[events["event_type"] == "sent"].groupby("customer_id")["occurred_at"].min()
    assert (first_sent > granted.reindex(first_sent.index)).all()
    # nothing is sent after an unsubscribe, and the unsubscribe revokes the consent
    unsub = events[events["event_type"] == "unsubscribe"].set_index("customer_id")["occurred_at"]
    assert unsub.index.is_unique
    sent = events[events["event_type"] == "sent"]
    later = sent["occurred_at"] > sent["customer_id"].map(unsub).fillna("9999")
    assert not later.any()
    revoked = email[email["granted"] == "false"].set_index(["customer_id", "updated_at"])
    for key in unsub.items():
        assert key in revoked.index
    erasure = consents[consents["consent_type"] == "erasure_request"]["customer_id"].nunique()
    assert 0 < erasure < 0.02 * 3000


# ---- dirty data ------------------------------------------------------------------------
def _customer_counts(c: pd.DataFrame) -> dict[str, int]:
    ids = c["customer_id"].dropna()
    email = c["email"]
    norm = email.str.strip().str.lower()
    valid = norm.map(lambda e: bool(EMAIL_RE.match(e)) if isinstance(e, str) else False)
    country = c["country"]
    lower = ~country.isin(ISO) & country.str.strip().str.upper().isin(ISO)
    named = ~country.isin(ISO) & ~lower
    assert country[named].str.lower().isin(COUNTRY_NAMES).all()
    iso = country.where(~lower, country.str.strip().str.upper())
    iso = iso.where(~named, country.str.lower().map(COUNTRY_NAMES))
    phone = c["phone"]
    digits = phone.str.count(r"\d")
    canonical = [
        isinstance(p, str) and re.fullmatch(PHONE_RE[k], p) is not None
        for k, p in zip(iso, phone, strict=True)
    ]
    birth = pd.to_datetime(c["birth_date"], format="%Y-%m-%d")
    age = (pd.Timestamp(END) - birth).dt.days / 365.25
    return {
        "missing_key": int(c["customer_id"].isna().sum()),
        "superseded_duplicate": int(len(ids) - ids.nunique()),
        "null_email": int(email.isna().sum()),
        "email_mixed_case": int((email.notna() & valid & (email != norm)).sum()),
        "invalid_email": int((email.notna() & ~valid).sum()),
        "null_phone": int(phone.isna().sum()),
        "phone_junk": int((phone.notna() & (digits < 6)).sum()),
        "phone_variant": int((phone.notna() & (digits >= 6) & ~pd.Series(canonical)).sum()),
        "country_lowercase": int(lower.sum()),
        "country_name": int(named.sum()),
        "null_demographics": int(c[DEMOGRAPHICS].isna().any(axis=1).sum()),
        "implausible_birth_date": int((birth.notna() & ~age.between(13, 110)).sum()),
    }


def _order_counts(o: pd.DataFrame, customer_ids: set) -> tuple[dict[str, int], set]:
    """Staging rules in precedence order; returns counts and the quarantined order ids."""
    counts = {}
    left = pd.Series(True, index=o.index)

    def take(name: str, mask: pd.Series) -> None:
        nonlocal left
        hit = left & mask
        counts[name] = int(hit.sum())
        left &= ~hit

    parsed = o["ordered_at"].map(parse_ts)
    amount = pd.to_numeric(o["order_total"], errors="coerce")
    take("missing_key", o["order_id"].isna())
    take(
        "missing_required_value", o[["customer_id", "ordered_at", "order_total"]].isna().any(axis=1)
    )
    take("unparseable_date", parsed.isna())
    take("future_date", parsed.map(lambda d: d is not None and d.year >= 2090))
    take("unparseable_amount", amount.isna())
    take("negative_amount", amount < 0)
    take("exact_duplicate", o.duplicated(keep="first") & left)
    rest = o[left]
    conflicting = rest["order_id"].duplicated(keep=False)
    take("conflicting_duplicate", o["order_id"].isin(rest.loc[conflicting, "order_id"]))
    take("unknown_customer", ~o["customer_id"].isin(customer_ids))
    bad_ids = set(o.loc[~left, "order_id"].dropna()) - set(o.loc[left, "order_id"])
    return counts, bad_ids


def test_dirty_manifest_matches_files(dirty: Path) -> None:
    m = manifest(dirty)
    c = read(dirty, "customers")
    ids = set(c["customer_id"].dropna())

    got = _customer_counts(c)
    for kind in ("missing_key", "superseded_duplicate"):
        assert got.pop(kind) == m["quarantine"]["customers"][kind], kind
    assert got == m["normalised"]["customers"]
    # older versions of a customer never share the latest updated_at
    versions = c.dropna(subset=["customer_id"])
    assert not versions.duplicated(["customer_id", "updated_at"]).any()

    o = read(dirty, "orders")
    counts, bad_ids = _order_counts(o, ids)
    assert counts == m["quarantine"]["orders"]

    i = read(dirty, "order_items")
    order_ids = set(o["order_id"].dropna())
    price = pd.to_numeric(i["unit_price"], errors="coerce")
    assert {
        "unknown_order": int((~i["order_id"].isin(order_ids)).sum()),
        "unparseable_amount": int(price.isna().sum()),
    } == m["quarantine"]["order_items"]
    assert not i["order_id"].isin(bad_ids).any()  # no line of a quarantined order

    for table in ("web_sessions", "email_events", "survey_responses"):
        t = read(dirty, table)
        unknown = t["customer_id"].notna() & ~t["customer_id"].isin(ids)
        assert {"unknown_customer": int(unknown.sum())} == m["quarantine"][table], table
    assert m["quarantine"]["consents"] == {} and m["quarantine"]["products"] == {}

    s = read(dirty, "social_interactions")
    unknown = ~s["customer_id"].isin(ids)
    assert {"unknown_customer": int(unknown.sum())} == m["quarantine"]["social_interactions"]
    variant = ~s["platform"].isin(SOCIAL_PLATFORMS)
    assert {"platform_variant": int(variant.sum())} == m["normalised"]["social_interactions"]
    assert not (variant & unknown).any()  # one dirt kind per row
    assert s.loc[variant, "platform"].str.lower().str.strip().isin(SOCIAL_SPELLINGS).all()


def test_dirt_rates(dirty: Path) -> None:
    m = manifest(dirty)
    q, rows = m["quarantine"], m["row_counts"]
    clean_orders = (
        rows["orders"]
        - q["orders"]["exact_duplicate"]
        - q["orders"]["conflicting_duplicate"] // 2
        - q["orders"]["unknown_customer"]
    )
    observed = {f"customers.{k}": v / 4000 for k, v in q["customers"].items()}
    observed |= {f"normalised.{k}": v / 4000 for k, v in m["normalised"]["customers"].items()}
    for k, v in q["orders"].items():
        observed[f"orders.{k}"] = v / clean_orders / (2 if k == "conflicting_duplicate" else 1)
    clean_items = rows["order_items"] - q["order_items"]["unknown_order"]
    observed |= {f"order_items.{k}": v / clean_items for k, v in q["order_items"].items()}
    sessions = read(dirty, "web_sessions")["customer_id"].notna().sum()
    observed["web_sessions"] = q["web_sessions"]["unknown_customer"] / sessions
    for table in ("email_events", "survey_responses", "social_interactions"):
        observed[table] = q[table]["unknown_customer"] / rows[table]
    observed["social_interactions.platform_variant"] = (
        m["normalised"]["social_interactions"]["platform_variant"] / rows["social_interactions"]
    )
    for name, rate in observed.items():
        assert rate == pytest.approx(DIRT_RATE, rel=0.1), name


# ---- truth -----------------------------------------------------------------------------
def test_archetypes_cover_customers_and_differ(clean: Path) -> None:
    truth = pd.read_csv(clean / "truth" / "customer_archetypes.csv", dtype=str)
    customers = read(clean, "customers")
    assert truth["customer_id"].is_unique
    assert set(truth["customer_id"]) == set(customers["customer_id"])
    shares = truth["archetype"].value_counts(normalize=True)
    assert shares["loyal_high_spender"] == pytest.approx(0.10, abs=0.002)
    assert shares["bargain_hunter"] == pytest.approx(0.19, abs=0.002)
    assert set(shares.index) == set(manifest(clean)["archetype_mix"])

    o = read(clean, "orders")
    o = o.assign(
        total=pd.to_numeric(o["order_total"]),
        ts=pd.to_datetime(o["ordered_at"], format=TS_FORMAT),
        disc=pd.to_numeric(o["discount_amount"]) > 0,
        returned=o["status"] == "returned",
    )
    per = o.groupby("customer_id").agg(
        revenue=("total", "sum"), n=("total", "size"), last=("ts", "max")
    )
    per = truth.set_index("customer_id").join(per)
    per["revenue"] = per["revenue"].fillna(0.0)
    per["n"] = per["n"].fillna(0)
    by = per.groupby("archetype")
    revenue = by["revenue"].mean()
    assert revenue["loyal_high_spender"] > 3 * revenue["regular"] > 3 * revenue["bargain_hunter"]
    last = by["last"].apply(lambda s: s.mean())
    assert last["lapsed"] < last["regular"] - pd.Timedelta(days=180)
    assert by["n"].max()["prospect"] == 0
    assert (per.loc[per["archetype"] == "one_time", "n"] == 1).all()
    assert by["n"].mean()["loyal_high_spender"] > 2 * by["n"].mean()["regular"]

    signup = customers.set_index("customer_id")["signup_at"].map(parse_ts)
    new = truth.loc[truth["archetype"] == "new_customer", "customer_id"]
    assert signup.loc[new].min() >= dt.datetime(2026, 6, 30) - dt.timedelta(days=125)
    ot = o.join(truth.set_index("customer_id"), on="customer_id").groupby("archetype")
    assert ot["disc"].mean()["bargain_hunter"] > 2 * ot["disc"].mean()["loyal_high_spender"]
    assert ot["returned"].mean()["bargain_hunter"] > 1.5 * ot["returned"].mean()["regular"]
    # Seasonal texture at a constant rate (BTYD): Black Friday and the three days after it
    # draw orders from the weeks around them; Christmas Eve to Boxing Day are quiet. The
    # months themselves are not weighted (a 180-day holdout would miss what they add).
    per_day = o["ts"].dt.normalize().value_counts()

    def orders_per_day(days: list[pd.DatetimeIndex]) -> float:
        return float(per_day.reindex(days[0].append(days[1:]), fill_value=0).mean())

    years = (2023, 2024, 2025)
    weekends = [pd.date_range(pd.Timestamp(black_friday(y)), periods=4) for y in years]
    around = [
        pd.date_range(w[0] - pd.Timedelta(days=21), periods=46).difference(w) for w in weekends
    ]
    assert orders_per_day(weekends) > 1.4 * orders_per_day(around)
    christmas = [pd.date_range(f"{y}-12-24", periods=3) for y in years]
    before = [pd.date_range(f"{y}-12-01", periods=20) for y in years]
    assert orders_per_day(christmas) < 0.8 * orders_per_day(before)
    # ... and the half-years carry as many repeat purchases as each other: customers who
    # bought before 2025, repeat orders in July-December 2025 against January-June 2025
    # (the months' weights gave 1.26 at 20,000 customers, seed 42; a constant rate 1.01)
    repeaters = ["regular", "loyal_high_spender", "bargain_hunter", "occasional_gift_buyer"]
    orders = o.join(truth.set_index("customer_id"), on="customer_id")
    orders = orders[orders["archetype"].isin(repeaters)]
    first = orders.groupby("customer_id")["ts"].transform("min")
    repeat = orders.loc[(orders["ts"] > first) & (first < pd.Timestamp("2025-01-01")), "ts"]
    h1 = repeat.between(pd.Timestamp("2025-01-01"), pd.Timestamp("2025-07-01"), "left").sum()
    h2 = repeat.between(pd.Timestamp("2025-07-01"), pd.Timestamp("2026-01-01"), "left").sum()
    assert 0.9 < h2 / h1 < 1.1, (h1, h2)


def test_social_interactions_follow_the_archetypes(clean: Path) -> None:
    truth = pd.read_csv(clean / "truth" / "customer_archetypes.csv", dtype=str)
    s = read(clean, "social_interactions").join(truth.set_index("customer_id"), on="customer_id")
    assert set(s["platform"]) == SOCIAL_PLATFORMS
    assert set(s["interaction_type"]) == {
        "follow", "unfollow", "like", "comment", "share", "mention", "message", "review"
    }  # fmt: skip
    sentiment = pd.to_numeric(s["sentiment"])
    assert sentiment.dropna().between(-1, 1).all()
    text = s["interaction_type"].isin(["comment", "mention", "message", "review"])
    assert sentiment[~text].isna().all() and sentiment[text].notna().mean() > 0.7
    # every interaction comes after a follow of that customer on that platform
    follows = s[s["interaction_type"] == "follow"]
    first = follows.groupby(["customer_id", "platform"])["occurred_at"].min()
    key = pd.MultiIndex.from_frame(s[["customer_id", "platform"]])
    assert (s["occurred_at"].to_numpy() >= first.reindex(key).to_numpy()).all()

    n = truth["archetype"].value_counts()
    followers = follows.groupby("archetype")["customer_id"].nunique() / n
    assert followers["loyal_high_spender"] > 0.65 and followers["one_time"] < 0.2
    assert (followers < 0.9).all()  # in every archetype some never follow (no rows at all)
    advocacy = s[s["interaction_type"].isin(["share", "mention", "review"])]
    per_customer = advocacy.groupby("archetype").size().reindex(n.index, fill_value=0) / n
    assert per_customer["loyal_high_spender"] > 10 * per_customer["regular"]
    # lurkers: followers whose only interactions besides following are likes
    kinds = s.groupby("customer_id")["interaction_type"].agg(set)
    lurkers = kinds.map(lambda k: k <= {"follow", "unfollow", "like"})
    assert 0.2 < lurkers.mean() < 0.8
    # only customers who stopped buying (lapsed) unfollow, after their last order
    unfollows = s[s["interaction_type"] == "unfollow"]
    assert set(unfollows["archetype"]) == {"lapsed"}
    last_order = read(clean, "orders").groupby("customer_id")["ordered_at"].max()
    assert (unfollows["occurred_at"] > unfollows["customer_id"].map(last_order)).all()
    mean_sentiment = pd.to_numeric(s["sentiment"]).groupby(s["archetype"]).mean()
    assert mean_sentiment["loyal_high_spender"] > mean_sentiment["lapsed"] + 0.4


# ---- formats and CLI -------------------------------------------------------------------
def test_parquet_equals_csv(dirty: Path, dirty_parquet: Path) -> None:
    for table, cols in CONTRACT.items():
        pq_table = pq.read_table(dirty_parquet / "raw" / f"{table}.parquet")
        assert pq_table.column_names == cols
        csv = read(dirty, table).fillna("")
        for name in cols:
            column = pq_table.column(name)
            if pa.types.is_timestamp(column.type):  # Parquet stores seconds as milliseconds
                values = pc.cast(pc.cast(column, pa.timestamp("s")), "string").to_pylist()
            else:
                values = pc.cast(column, "string").to_pylist()
            assert [v if v is not None else "" for v in values] == csv[name].tolist(), (
                table,
                name,
            )
    a, b = manifest(dirty), manifest(dirty_parquet)
    assert a.pop("format") == "csv" and b.pop("format") == "parquet"
    assert a == b
    truth_a = (dirty / "truth" / "customer_archetypes.csv").read_bytes()
    assert truth_a == (dirty_parquet / "truth" / "customer_archetypes.csv").read_bytes()
    # clean parquet keeps native types
    schema = pq.read_schema(dirty_parquet / "raw" / "customers.parquet")
    assert pa.types.is_timestamp(schema.field("signup_at").type)
    assert str(schema.field("birth_date").type) == "date32[day]"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "segdb.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_cli(tmp_path: Path) -> None:
    out = tmp_path / "cli"
    args = ["--customers", "400", "--seed", "9", "--format", "parquet", "--chunk-size", "150"]
    proc = _cli("generate", *args, "--out", str(out), "--tables", "products,orders", "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("segdb generate: customers=400 orders=")
    assert proc.stderr == ""  # --quiet: no progress bar
    assert sorted(p.name for p in (out / "raw").iterdir()) == [
        "customers.parquet",
        "orders.parquet",
        "products.parquet",
    ]
    assert manifest(out)["tables"] == ["customers", "orders", "products"]
    # restricting the tables does not change the content of the others
    full = run(tmp_path / "full", customers=400, seed=9, fmt="parquet", chunk_size=150)
    for table in ("customers", "orders", "products"):
        a = (out / "raw" / f"{table}.parquet").read_bytes()
        assert a == (full / "raw" / f"{table}.parquet").read_bytes(), table

    proc = _cli(
        "generate", "--customers", "100", "--out", str(tmp_path / "x"), "--dirt-rate", "0.5"
    )
    assert proc.returncode == 2 and "dirt rate" in proc.stderr
    proc = _cli("generate", "--out", str(tmp_path / "y"), "--tables", "orders,nope")
    assert proc.returncode == 2 and "nope" in proc.stderr

    entry = Path(sys.executable).with_name("segdb")
    exe = str(entry) if entry.exists() else shutil.which("segdb")
    if exe:
        proc = subprocess.run(
            [exe, "generate", "--customers", "200", "--out", str(tmp_path / "e"), "--dirty"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        assert "segdb generate" in proc.stderr  # progress bar on stderr
        assert manifest(tmp_path / "e")["dirt_rate"] == 0.02


def test_config_validation() -> None:
    with pytest.raises(ValueError):
        GeneratorConfig(customers=10, dirt_rate=0.2)
    with pytest.raises(ValueError):
        GeneratorConfig(customers=10, fmt="xlsx")
    cfg = GeneratorConfig(customers=10, tables=("consents",))
    assert cfg.tables == ("customers", "orders", "consents")
    cfg = GeneratorConfig(customers=10, end_date=dt.date(2024, 2, 29), years=1)
    assert cfg.window_start == dt.datetime(2023, 3, 1)
    assert np.isclose(GeneratorConfig(customers=10).shares.sum(), 1.0)


# ---- purchase timing (buy-till-you-die) -------------------------------------------------
def test_expected_repeat_purchases_follow_the_bg_nbd_expectation() -> None:
    from segdb.generator.config import DEFAULT_ARCHETYPES, expected_repeat_purchases

    base = dataclasses.replace(
        DEFAULT_ARCHETYPES[0], orders_per_year=365.25, rate_shape=1e9, dropout_beta=None
    )
    # one purchase a day, never dropping out: 10 repeat purchases in 10 days
    assert expected_repeat_purchases(base, 10.0) == pytest.approx(10.0)
    # p = 0.1 after each purchase (beta with tiny spread): (1 - exp(-1 * 0.1 * 10)) / 0.1
    # = (1 - 0.367879) / 0.1 = 6.32121
    dropping = dataclasses.replace(base, dropout_beta=(1e7, 9e7))
    assert expected_repeat_purchases(dropping, 10.0) == pytest.approx(6.32121, rel=1e-3)


def test_customers_who_drop_out_after_the_first_purchase_buy_once(tmp_path: Path) -> None:
    # p close to 1: every repeat customer drops out at the first purchase
    archetypes = tuple(
        dataclasses.replace(a, dropout_beta=(1e7, 1.0)) for a in GeneratorConfig(1).archetypes
    )
    out = tmp_path / "once"
    generate(
        GeneratorConfig(
            customers=300, out=out, archetypes=archetypes, tables=("customers", "orders"),
            quiet=True,
        )
    )  # fmt: skip
    per_customer = read(out, "orders").groupby("customer_id").size()
    assert len(per_customer) > 100
    assert per_customer.max() == 1
