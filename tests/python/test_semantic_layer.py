"""The semantic layer: MetricFlow's own CLI (`mf`) on the `clean` build.

`mf validate-configs` checks the semantic models and metrics, also against
the warehouse; every `mf query` below is compared with the same numbers
computed in SQL directly on the marts (fct_orders, dim_customers,
fct_customer_segments, dim_dates), written independently of the metric
definitions. Only float rounding is tolerated.

`mf` reads `target/semantic_manifest.json` under its dbt project directory
and has no option for another target path, so each test session gives it a
project directory of its own: dbt_project.yml and the semantic manifest of
the `clean` build; profiles.yml and the database come from the workspace's
environment, as for dbt, with the profile target `serving`: mf reads the
serving file the build published, as docs/semantic_layer.md tells users to.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from dbt_project_runner import BIN_DIR, PROJECT_DIR, DbtWorkspace

pytestmark = pytest.mark.slow

# floats (ratios, shares) differ in the last digits between engines' orders
# of summation; counts and decimal sums must be exact
REL_TOLERANCE = 1e-9


@dataclass
class MetricFlowCli:
    """`mf` on one built workspace."""

    workspace: DbtWorkspace
    project: Path

    def run(self, *args: str) -> subprocess.CompletedProcess:
        env = self.workspace.env()
        env["DBT_PROJECT_DIR"] = str(self.project)
        env["SEGDB_TARGET"] = "serving"
        return subprocess.run(
            [str(BIN_DIR / "mf"), *args],
            cwd=self.project,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    def query(
        self, metrics: Sequence[str], group_by: Sequence[str] = (), where: str | None = None
    ) -> pd.DataFrame:
        csv = self.project / "query.csv"
        csv.unlink(missing_ok=True)
        args = ["query", "--metrics", ",".join(metrics), "--csv", str(csv), "--quiet"]
        if group_by:
            args += ["--group-by", ",".join(group_by)]
        if where:
            args += ["--where", where]
        completed = self.run(*args)
        output = completed.stdout + completed.stderr
        assert completed.returncode == 0, output[-6000:]
        # mf writes no file for an empty result; every query here has rows
        assert csv.exists(), f"mf query {args} returned no rows:\n{output[-3000:]}"
        # only an empty field is null: a segment may be called "none"
        return pd.read_csv(csv, keep_default_na=False, na_values=[""])


@pytest.fixture(scope="module")
def mf(clean: DbtWorkspace, tmp_path_factory) -> MetricFlowCli:
    clean.result.assert_ok()
    project = tmp_path_factory.mktemp("mf_project")
    shutil.copy(PROJECT_DIR / "dbt_project.yml", project / "dbt_project.yml")
    (project / "target").mkdir()
    shutil.copy(clean.root / "target" / "semantic_manifest.json", project / "target")
    return MetricFlowCli(clean, project)


def sql(workspace: DbtWorkspace, query: str) -> pd.DataFrame:
    """Run SQL on the workspace's marts; the connection is closed before `mf` opens the file."""
    with duckdb.connect(str(workspace.database), read_only=True) as con:
        return con.execute(query).df()


def as_dates(values: pd.Series) -> pd.Series:
    return pd.to_datetime(values).dt.date


def assert_same_rows(
    actual: pd.DataFrame, expected: pd.DataFrame, keys: Sequence[str], values: Sequence[str]
) -> None:
    """Same keys; every value equal (floats within REL_TOLERANCE, nulls where expected)."""
    actual = actual.set_index(list(keys)).sort_index()
    expected = expected.set_index(list(keys)).sort_index()
    assert list(actual.index) == list(expected.index)
    for column in values:
        for key, got, want in zip(actual.index, actual[column], expected[column], strict=True):
            if pd.isna(want):
                assert pd.isna(got), (column, key, got)
            else:
                assert float(got) == pytest.approx(float(want), rel=REL_TOLERANCE), (
                    column,
                    key,
                    got,
                    want,
                )


def test_configs_validate_against_the_warehouse(mf: MetricFlowCli):
    completed = mf.run("validate-configs")
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output[-6000:]
    assert "Successfully validated the semantics of built manifest (ERRORS: 0" in output, output
    # and every semantic model, dimension, entity, measure and metric was
    # queried on the built marts
    for validated in ["semantic models", "dimensions", "entities", "measures", "metrics"]:
        assert f"Successfully validated {validated} against data warehouse (ERRORS: 0" in output, (
            output
        )


def test_order_metrics_by_month(mf: MetricFlowCli):
    metrics = [
        "orders",
        "purchases",
        "revenue",
        "average_order_value",
        "active_customers",
        "orders_per_customer",
    ]
    actual = mf.query(metrics, ["metric_time__month"])
    actual["month"] = as_dates(actual.pop("metric_time__month"))

    expected = sql(
        mf.workspace,
        """
        select
            date_trunc('month', order_date) as month,
            count(*) as orders,
            count(*) filter (where status = 'completed') as purchases,
            coalesce(sum(revenue_amount) filter (where status = 'completed'), 0) as revenue,
            count(distinct customer_id) filter (where status = 'completed') as active_customers
        from main_marts.fct_orders
        group by 1
        """,
    )
    expected["month"] = as_dates(expected["month"])
    revenue = expected["revenue"].astype(float)
    purchases = expected["purchases"].astype(float)
    expected["average_order_value"] = (revenue / purchases).where(purchases > 0)
    expected["orders_per_customer"] = (purchases / expected["active_customers"]).where(
        purchases > 0
    )
    assert len(expected) >= 12, "the fixture should span at least a year of orders"
    assert_same_rows(actual, expected, ["month"], metrics)

    # the layers agree: the months add up to the customers' revenue in
    # dim_customers plus that of the customers who asked to be erased, who
    # are not in it but whose orders stay in fct_orders
    (total,) = sql(
        mf.workspace,
        """
        select
            (select sum(completed_revenue) from main_marts.dim_customers)
            + (
                select coalesce(sum(revenue_amount), 0)
                from main_marts.fct_orders
                where is_completed and customer_id not in (
                    select customer_id from main_marts.dim_customers
                )
            ) as total
        """,
    )["total"]
    assert float(actual["revenue"].sum()) == pytest.approx(float(total), rel=REL_TOLERANCE)


def test_active_customers_by_day_week_and_month(mf: MetricFlowCli):
    daily = mf.query(["active_customers", "active_customers_90_days"], ["metric_time__day"])
    daily["day"] = as_dates(daily.pop("metric_time__day"))

    # every day of the calendar, 0 on days without a purchase; the trailing
    # window holds the day and the 89 before it
    expected = sql(
        mf.workspace,
        """
        with purchases as (
            select customer_id, order_date
            from main_marts.fct_orders
            where status = 'completed'
        )
        select
            days.date_day as day,
            (
                select count(distinct customer_id) from purchases
                where purchases.order_date = days.date_day
            ) as active_customers,
            (
                select count(distinct customer_id) from purchases
                where purchases.order_date between days.date_day - 89 and days.date_day
            ) as active_customers_90_days
        from main_marts.dim_dates as days
        """,
    )
    expected["day"] = as_dates(expected["day"])
    assert (expected["active_customers"] == 0).any(), "the fixture should have days without sales"
    assert_same_rows(daily, expected, ["day"], ["active_customers", "active_customers_90_days"])

    # on the as-of date the window is dim_customers' purchases_last_90_days
    # (plus customers who asked to be erased, absent from dim_customers)
    (in_window,) = sql(
        mf.workspace,
        """
        select
            (select count(*) from main_marts.dim_customers where purchases_last_90_days > 0)
            + (
                select count(distinct customer_id) from main_marts.fct_orders
                where is_completed
                    and order_date > (select max(date_day) from main_marts.dim_dates) - 90
                    and customer_id not in (select customer_id from main_marts.dim_customers)
            ) as in_window
        """,
    )["in_window"]
    assert in_window > 0
    assert daily.sort_values("day")["active_customers_90_days"].iloc[-1] == in_window

    weekly = mf.query(["active_customers"], ["metric_time__week"])
    weekly["week"] = as_dates(weekly.pop("metric_time__week"))
    expected_weekly = sql(
        mf.workspace,
        """
        select
            date_trunc('week', days.date_day) as week,
            count(distinct orders.customer_id) as active_customers
        from main_marts.dim_dates as days
        left join main_marts.fct_orders as orders
            on orders.order_date = days.date_day and orders.status = 'completed'
        group by 1
        """,
    )
    expected_weekly["week"] = as_dates(expected_weekly["week"])
    assert_same_rows(weekly, expected_weekly, ["week"], ["active_customers"])

    # by month the trailing window is the value on the month's last day
    monthly = mf.query(["active_customers_90_days"], ["metric_time__month"])
    monthly["month"] = as_dates(monthly.pop("metric_time__month"))
    daily["month"] = [day.replace(day=1) for day in daily["day"]]
    month_ends = daily.sort_values("day").groupby("month", as_index=False).last()
    assert_same_rows(monthly, month_ends, ["month"], ["active_customers_90_days"])


def test_customers_and_revenue_by_segment(mf: MetricFlowCli):
    metrics = ["customers", "revenue", "average_order_value"]
    actual = mf.query(metrics, ["customer__rfm_segment"])
    actual["segment"] = actual.pop("customer__rfm_segment").fillna("(erased)")

    # orders join the customer's current segment (customers who asked to be
    # erased have none); a segment whose orders were all cancelled has
    # revenue 0 and no average
    expected = sql(
        mf.workspace,
        """
        with customers as (
            select rfm_segment as segment, count(*) as customers
            from main_marts.dim_customers
            group by 1
        ),
        revenue as (
            select
                coalesce(dim_customers.rfm_segment, '(erased)') as segment,
                coalesce(
                    sum(orders.revenue_amount) filter (where orders.status = 'completed'), 0
                ) as revenue,
                count(*) filter (where orders.status = 'completed') as purchases
            from main_marts.fct_orders as orders
            left join main_marts.dim_customers
                on orders.customer_id = dim_customers.customer_id
            group by 1
        )
        select
            coalesce(customers.segment, revenue.segment) as segment,
            customers.customers,
            revenue.revenue,
            revenue.revenue / nullif(revenue.purchases, 0) as average_order_value
        from customers
        full join revenue on customers.segment = revenue.segment
        """,
    )
    assert_same_rows(actual, expected, ["segment"], metrics)
    # no order is lost on the way to a segment
    (completed,) = sql(
        mf.workspace,
        "select sum(revenue_amount) as total from main_marts.fct_orders where is_completed",
    )["total"]
    assert float(actual["revenue"].sum()) == pytest.approx(float(completed), rel=REL_TOLERANCE)

    (everybody,) = mf.query(["customers"])["customers"]
    assert (
        everybody
        == sql(mf.workspace, "select count(*) as n from main_marts.dim_customers")["n"].item()
    )


def test_segment_shares(mf: MetricFlowCli):
    metrics = ["customer_share", "revenue_share"]
    actual = mf.query(metrics, ["segment__segmentation", "segment__segment_code"])
    actual = actual.rename(
        columns={"segment__segmentation": "segmentation", "segment__segment_code": "segment"}
    )

    # from the memberships (one row per customer and segmentation) and the
    # customers' revenue, against the whole customer base
    expected = sql(
        mf.workspace,
        """
        select
            memberships.segmentation,
            memberships.segment,
            count(*) / (select count(*) from main_marts.dim_customers) as customer_share,
            coalesce(
                cast(sum(customers.completed_revenue) as double)
                / (select sum(completed_revenue) from main_marts.dim_customers),
                0
            ) as revenue_share
        from main_marts.fct_customer_segments as memberships
        inner join main_marts.dim_customers as customers
            on memberships.customer_id = customers.customer_id
        group by 1, 2
        """,
    )
    assert expected["segmentation"].nunique() >= 10
    assert_same_rows(actual, expected, ["segmentation", "segment"], metrics)

    # summed over the segments of one segmentation: the share of their union
    # (all of them: 1), and per segment the same as customers per segment
    # over all customers
    rfm = "{{ Dimension('segment__segmentation') }} = 'rfm'"
    by_segmentation = mf.query(metrics, ["segment__segmentation"])
    assert by_segmentation["customer_share"].tolist() == pytest.approx(
        [1.0] * len(by_segmentation), rel=REL_TOLERANCE
    )
    assert by_segmentation["revenue_share"].tolist() == pytest.approx(
        [1.0] * len(by_segmentation), rel=REL_TOLERANCE
    )
    two = mf.query(
        metrics,
        where=f"{rfm} and {{{{ Dimension('segment__segment_code') }}}} in "
        "('champions', 'loyal_customers')",
    )
    rfm_rows = expected[expected["segmentation"] == "rfm"].set_index("segment")
    for metric in metrics:
        assert two[metric].item() == pytest.approx(
            rfm_rows.loc[["champions", "loyal_customers"], metric].sum(), rel=REL_TOLERANCE
        )
