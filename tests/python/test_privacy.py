"""Privacy end to end: personal data in the marts is flagged, erased customers are
nowhere, and nobody who may not be contacted reaches an export file.

Uses the session's builds: `dirty` (1,500 customers, seed 11, with seven erasure
requests) for erasure, `clean` (600 customers, seed 7) for the rest. Who asked to be
erased, who consented and who unsubscribed, bounced or complained is recomputed here
from the raw CSV files with pandas, not read from the dbt models under test.
"""

from __future__ import annotations

import hashlib
import json
import re

import pandas as pd
import pytest
from dbt_project_runner import erased_customer_ids

pytestmark = pytest.mark.slow

# a column named like raw personal data ...
PERSONAL = re.compile(r"email|phone|first_name|last_name|address|birth")
# ... unless it holds a hash of it or only whether it is valid
NOT_RAW = re.compile(r"_(sha256|hash|status)$")
# the order marts keep erased customers' orders (revenue); owned elsewhere
ORDER_MARTS = {"fct_orders", "fct_order_items"}


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def latest(raw: pd.DataFrame, consent_type: str) -> pd.DataFrame:
    rows = raw[raw["consent_type"] == consent_type].sort_values("updated_at")
    return rows.groupby("customer_id")[["granted", "updated_at"]].last()


@pytest.fixture(scope="module")
def raw(clean) -> dict[str, pd.DataFrame]:
    clean.result.assert_ok()
    return {
        table: pd.read_csv(clean.raw / f"{table}.csv", dtype=str)
        for table in ["customers", "consents", "email_events"]
    }


def read_exports(workspace) -> dict[str, pd.DataFrame]:
    return {
        name: pd.read_csv(workspace.exports / f"{name}.csv", dtype=str, keep_default_na=False)
        for name in ["email_audiences", "ad_audiences"]
    }


@pytest.fixture(scope="module")
def exports(clean) -> dict[str, pd.DataFrame]:
    return read_exports(clean)


def test_personal_data_in_marts_is_flagged_pii(clean):
    nodes = json.loads((clean.root / "target" / "manifest.json").read_text())["nodes"]
    marts = [
        node
        for node in nodes.values()
        if node["resource_type"] == "model"
        and node["original_file_path"].startswith("models/marts/")
    ]
    flagged, unflagged = set(), []
    for node in marts:
        # contracts are enforced on every mart, so its YAML lists every column
        assert node["config"]["contract"]["enforced"], node["name"]
        for name, column in node["columns"].items():
            if PERSONAL.search(name) and not NOT_RAW.search(name):
                meta = {**column.get("meta", {}), **column.get("config", {}).get("meta", {})}
                if meta.get("pii") is True:
                    flagged.add((node["name"], name))
                else:
                    unflagged.append(f"{node['name']}.{name}")
    assert not unflagged, f"personal data without meta pii: true: {unflagged}"
    assert {
        ("dim_customers", "email"),
        ("dim_customers", "phone"),
        ("dim_customers", "first_name"),
        ("dim_customers", "last_name"),
        ("export_email_audiences", "email"),
        ("export_email_audiences", "first_name"),
    } <= flagged


def test_erased_customers_are_in_no_customer_mart(dirty):
    dirty.result.assert_ok()
    erased = erased_customer_ids(dirty.raw)
    assert erased, "the fixture should contain erasure requests"
    staged = {
        row[0] for row in dirty.query("select customer_id from main_staging.stg_shop__customers")
    }
    assert erased <= staged, "erased customers are still customers in staging"
    tables = dirty.query(
        """
        select table_schema, table_name
        from information_schema.columns
        where table_schema in ('main_marts', 'main_snapshots') and column_name = 'customer_id'
        order by all
        """
    )
    checked = {name for _, name in tables} - ORDER_MARTS
    assert checked >= {
        "dim_customers",
        "fct_customer_segments",
        "fct_segment_transitions",
        "fct_audience_members",
        "fct_audience_recipients",
        "fct_customer_recommendations",
        "fct_customer_predictions",
        "snap_customer_segments",
        "export_email_audiences",
    }
    for schema, name in tables:
        if name in ORDER_MARTS:
            continue
        ids = {row[0] for row in dirty.query(f"select distinct customer_id from {schema}.{name}")}
        assert not ids & erased, f"{schema}.{name} holds erased customers {sorted(ids & erased)}"


def test_erased_customers_are_kept_out_of_the_clusters(dirty):
    """An erased customer's data neither shapes the clusters nor their profiles."""
    dirty.result.assert_ok()
    erased = erased_customer_ids(dirty.raw)
    buyers = {
        row[0]
        for row in dirty.query(
            """
            select customer_id from main_intermediate.int_customers__behavioral_features
            where purchase_count > 0
            """
        )
    }
    assert erased & buyers, "the fixture should have erased customers who bought"
    fitted = {
        row[0]
        for row in dirty.query(
            "select distinct customer_id from main_segments.seg_cluster_features"
        )
    }
    assert not fitted & erased, f"erased customers in the fit input: {sorted(fitted & erased)}"
    assert fitted == buyers - erased
    # the fit saw exactly the others (the sample is everybody at this size)
    ((population, sample_size),) = dirty.query(
        "select population, sample_size from main_segments.seg_cluster_k_selection where is_chosen"
    )
    assert population == sample_size == len(buyers - erased)
    # erased customers are in no cluster, so the profiles count only the others
    assignments = dict(dirty.query("select customer_id, segment from main_segments.seg_cluster"))
    assert {assignments[customer] for customer in erased & buyers} == {"unknown"}
    assert {assignments[customer] for customer in erased - buyers} <= {"cluster_0"}
    clustered = {
        customer
        for customer, segment in assignments.items()
        if segment.startswith("cluster_") and segment != "cluster_0"
    }
    assert clustered == buyers - erased
    for relation in ["main_segments.seg_cluster_profiles", "main_marts.rpt_cluster_profiles"]:
        sizes = dirty.query(
            f"""
            select encoded_feature, sum(customers), sum(customer_share)
            from {relation} group by encoded_feature
            """
        )
        assert sizes, f"{relation} is empty"
        for encoded_feature, customers, share in sizes:
            assert customers == len(clustered), (relation, encoded_feature)
            assert share == pytest.approx(1.0), (relation, encoded_feature)


def test_erased_customers_are_in_no_export_file(dirty):
    erased = erased_customer_ids(dirty.raw)
    customers = pd.read_csv(dirty.raw / "customers.csv", dtype=str)
    emails = customers.loc[customers["customer_id"].isin(erased), "email"].dropna()
    normalised = {e.strip().lower() for e in emails}
    assert normalised
    exports = read_exports(dirty)
    email_file = exports["email_audiences"]
    assert len(email_file) > 0
    assert not set(email_file["customer_id"]) & erased
    assert not set(email_file["email"]) & normalised
    assert not set(exports["ad_audiences"]["email_sha256"]) & {sha256(e) for e in normalised}


def test_email_file_holds_only_contactable_customers(exports, raw):
    email_file = exports["email_audiences"]
    assert len(email_file) > 0
    consent = latest(raw["consents"], "email_marketing")
    events = raw["email_events"]
    ids = email_file["customer_id"]
    assert (consent.loc[ids, "granted"] == "true").all(), "sent without email consent"
    bounced = set(events.loc[events["event_type"].isin(["bounce", "complaint"]), "customer_id"])
    assert not set(ids) & bounced, "sent to a bounced or complaining address"
    unsubscribed = (
        events[events["event_type"] == "unsubscribe"].groupby("customer_id")["occurred_at"].max()
    )
    for customer_id in set(ids) & set(unsubscribed.index):
        # only a consent granted after the unsubscribe makes them contactable again
        assert consent.loc[customer_id, "updated_at"] > unsubscribed[customer_id], customer_id


def test_ad_file_leaves_out_data_sale_opt_outs(clean, exports, raw):
    opted_out = latest(raw["consents"], "data_sale_opt_out")
    opted_out = set(opted_out[opted_out["granted"] == "true"].index)
    customers = raw["customers"].set_index("customer_id")
    matched = {
        row[0]
        for row in clean.query(
            "select customer_id from main_marts.fct_audience_members where channel = 'ads'"
        )
    }
    assert matched & opted_out, "no opted-out customer matched an ads audience: vacuous test"
    hashes = {
        sha256(email.strip().lower())
        for email in customers.loc[sorted(opted_out), "email"].dropna()
    }
    assert not set(exports["ad_audiences"]["email_sha256"]) & hashes
