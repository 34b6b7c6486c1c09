"""Audiences end to end: holdout groups and the export files.

Uses the session's `clean` build (600 customers, seed 7) and one rebuild of a
copy of it with 30 more customers. The holdout rule is recomputed here with
hashlib: a customer is in an audience's control group when the first 13 hex
digits of sha256('<audience>:<customer_id>') over 2^52 are below the share.
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil

import pandas as pd
import pytest
from dbt_project_runner import DbtWorkspace

pytestmark = pytest.mark.slow

EMAIL_COLUMNS = [
    "audience",
    "customer_id",
    "email",
    "first_name",
    "next_best_category",
    "recommended_offer",
    "segment_tags",
    "best_send_hour",
    "best_send_hour_reason",
]
AD_COLUMNS = ["audience", "email_sha256", "phone_e164_sha256", "phone_digits_sha256"]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def fraction(audience: str, customer_id: str) -> float:
    return int(sha256(f"{audience}:{customer_id}")[:13], 16) / 2**52


def four_sigma(share: float, n: int) -> float:
    return 4 * math.sqrt(share * (1 - share) / n)


def members(workspace: DbtWorkspace) -> pd.DataFrame:
    rows = workspace.query(
        """
        select audience, customer_id, channel, status, holdout_share, is_holdout, is_sent
        from main_marts.fct_audience_members
        """
    )
    columns = [
        "audience",
        "customer_id",
        "channel",
        "status",
        "holdout_share",
        "is_holdout",
        "is_sent",
    ]
    return pd.DataFrame(rows, columns=columns)


SHARES = [0.05, 0.1, 0.2, 0.5]
HASHED_IDS = 200_000


@pytest.fixture(scope="module")
def hash_fractions(clean, tmp_path_factory) -> dict:
    """200,000 ids through the macro itself, in one `dbt show`: the share of them below
    each of SHARES, and the lowest and highest fraction. Runs in its own workspace so
    that the clean build's run results stay as they were."""
    below = ", ".join(
        "avg(case when {{ hash_fraction(\"'any_audience:' || cast(range as varchar)\") }}"
        f" < {share} then 1.0 else 0.0 end) as below_{index}"
        for index, share in enumerate(SHARES)
    )
    sql = (
        f"select {below},"
        " min({{ hash_fraction(\"'x:' || cast(range as varchar)\") }}) as low,"
        " max({{ hash_fraction(\"'x:' || cast(range as varchar)\") }}) as high"
        f" from range({HASHED_IDS})"
    )
    result = DbtWorkspace(tmp_path_factory.mktemp("hash_fraction")).dbt(
        "show", "--inline", sql, "--output", "json", "--log-format", "json", raw_data_path=clean.raw
    )
    result.assert_ok()
    return next(
        json.loads(json.loads(line)["data"]["preview"])[0]
        for line in result.output.splitlines()
        if line.startswith("{") and "preview" in line
    )


@pytest.mark.parametrize("share", SHARES)
def test_hash_fraction_is_uniform_in_the_unit_interval(hash_fractions, share):
    """The share of the 200,000 hashed ids below `share` is binomial."""
    below = hash_fractions[f"below_{SHARES.index(share)}"]
    assert abs(below - share) <= four_sigma(share, HASHED_IDS), hash_fractions
    assert hash_fractions["low"] >= 0 and hash_fractions["high"] < 1


def test_holdouts_follow_the_hash_and_their_share(clean):
    audiences = members(clean)
    eligible = audiences[audiences["status"].isin(["treatment", "holdout"])]
    assert len(eligible) > 100
    expected = [
        fraction(a, c) < s
        for a, c, s in zip(
            eligible["audience"], eligible["customer_id"], eligible["holdout_share"], strict=True
        )
    ]
    assert eligible["is_holdout"].tolist() == expected
    for audience, group in eligible.groupby("audience"):
        share = group["holdout_share"].iloc[0]
        actual = group["is_holdout"].mean()
        assert abs(actual - share) <= four_sigma(share, len(group)), (audience, actual, share)


def test_holdouts_are_stable_when_customers_are_added(clean, grown):
    """Rebuild a copy with 30 more customers: every customer eligible for an audience in both
    builds keeps their holdout assignment, whatever happened to the other customers."""
    # the session's `grown` build: a copy of clean's database and raw files
    # with 30 newcomers, rebuilt with --full-refresh at clean's as-of date
    before = members(clean)
    grown.result.assert_ok()
    workspace = grown
    after = members(workspace)

    eligible = ["treatment", "holdout"]
    both = before[before["status"].isin(eligible)].merge(
        after[after["status"].isin(eligible)], on=["audience", "customer_id"]
    )
    assert len(both) > 100
    assert (both["is_holdout_x"] == both["is_holdout_y"]).all()
    assert after["customer_id"].str.startswith("NEW-").any()


def test_email_file_is_the_sent_email_members(clean):
    email_file = pd.read_csv(clean.exports / "email_audiences.csv", dtype=str)
    assert email_file.columns.tolist() == EMAIL_COLUMNS
    sent = clean.query(
        """
        select m.audience, m.customer_id, d.email, d.first_name
        from main_marts.fct_audience_members as m
        inner join main_marts.dim_customers as d using (customer_id)
        where m.channel = 'email' and m.is_sent
        order by 2
        """
    )
    assert len(sent) > 0
    assert sorted(
        email_file[["audience", "customer_id", "email", "first_name"]].itertuples(
            index=False, name=None
        )
    ) == sorted(sent)
    assert email_file["segment_tags"].str.startswith("rfm:").all()
    # the send hour merge field is the customer's, from dim_customers
    hours = {
        customer_id: (str(hour), reason)
        for customer_id, hour, reason in clean.query(
            "select customer_id, best_send_hour, best_send_hour_reason"
            " from main_marts.dim_customers"
        )
    }
    assert all(
        hours[customer_id] == (hour, reason)
        for customer_id, hour, reason in email_file[
            ["customer_id", "best_send_hour", "best_send_hour_reason"]
        ].itertuples(index=False, name=None)
    )
    # the generated data has timed opens and clicks: every hour is set
    assert email_file["best_send_hour"].astype(int).between(0, 23).all()
    assert set(email_file["best_send_hour_reason"]) <= {"customer_history", "audience_default"}


def test_ad_file_hashes_the_sent_ads_members(clean):
    ad_file = pd.read_csv(clean.exports / "ad_audiences.csv", dtype=str, keep_default_na=False)
    assert ad_file.columns.tolist() == AD_COLUMNS
    sent = clean.query(
        """
        select m.audience, d.email, d.phone
        from main_marts.fct_audience_members as m
        inner join main_marts.dim_customers as d using (customer_id)
        where m.channel = 'ads' and m.is_sent
        """
    )
    assert len(sent) > 0
    expected = {
        (
            audience,
            sha256(email.strip().lower()) if email else "",
            sha256(phone) if phone else "",
            sha256(phone.lstrip("+")) if phone else "",
        )
        for audience, email, phone in sent
    }
    assert set(ad_file.itertuples(index=False, name=None)) == expected
    assert len(ad_file) == len(expected)
    # nothing in clear: every identifier is a 64-digit hex digest
    for column in AD_COLUMNS[1:]:
        values = ad_file.loc[ad_file[column] != "", column]
        assert values.str.fullmatch(r"[0-9a-f]{64}").all(), column


def test_an_empty_audience_writes_only_the_header(clean, tmp_path):
    """Rebuild only the audience models of a copy with an email audience nobody matches."""
    workspace = DbtWorkspace(tmp_path / "empty")
    # the copy is built from the same raw source as `clean` (a database
    # belongs to one source: docs/own_data.md)
    workspace.root.mkdir(parents=True)
    shutil.copy(clean.database, workspace.database)
    nobody = (
        "{audiences: [{name: nobody, channel: email, priority: 1,"
        " include: {conditions: [{feature: purchase_count, op: '<', value: 0}]}}]}"
    )
    result = workspace.dbt(
        "build", "--select", "fct_audience_members+", "--vars", nobody, raw_data_path=clean.raw
    )
    result.assert_ok()
    for name, columns in [("email_audiences", EMAIL_COLUMNS), ("ad_audiences", AD_COLUMNS)]:
        assert (workspace.exports / f"{name}.csv").read_text() == ",".join(columns) + "\n"
    assert workspace.query(
        "select audience, included, eligible, sent from main_marts.rpt_audience_summary"
    ) == [("nobody", 0, 0, 0)]
