"""What the dashboard reads from the serving DuckDB file, and how.

The dashboard reads the serving file (SEGDB_SERVING_PATH, default
target/serving.duckdb), never the file `dbt build` writes: a successful build
publishes the marts to a new file and renames it over the serving file, so
the dashboard can neither block a build nor see half of one
(docs/serving.md). It still keeps no connection: each batch of queries opens the
file read-only, reads small aggregated results into pandas and closes it
again before anything is drawn, so the next view reads the newest build.
Results are cached per file (its inode and modification time, both new after
a publish), so a page view usually does not touch the file at all. When the
file is missing, locked by another program writing it, or lacks a mart, a
`DataUnavailable` error says what happened and what to run.
"""

from __future__ import annotations

import os
import string
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

PROJECT_DIR = Path(__file__).resolve().parents[1]
# The dev target's serving file (profiles.yml); SEGDB_SERVING_PATH overrides it there too.
DEFAULT_DATABASE = "target/serving.duckdb"
CACHE_SECONDS = 600

# Every relation the dashboard reads, with the schema suffix dbt gives its
# folder (dbt_project.yml `+schema`), which decides between same-named tables.
RELATION_LAYERS = {
    "rpt_segment_summary": "marts",
    "rpt_rfm_grid": "marts",
    "rpt_rfm_score_bands": "marts",
    "rpt_segment_migration": "marts",
    "rpt_segment_drift": "marts",
    "fct_segment_transitions": "marts",
    "rpt_audience_summary": "marts",
    "rpt_cluster_profiles": "marts",
    "rpt_cohort_retention": "marts",
    "rpt_clv_validation": "marts",
    "fct_customer_predictions": "marts",
    "fct_customer_segments": "marts",
    # names and descriptions of the segmentations (seeds/segmentations.csv)
    "segmentations": "reference",
}

# One batch per page: named queries over {relation} placeholders, run in one
# short read-only connection. Explicit columns only; nothing is ever written.
BATCHES: dict[str, dict[str, str]] = {
    "segment_summary": {
        "segmentations": """
            select segmentation, segmentation_name, description
            from {segmentations}
        """,
        "summary": """
            select
                segmentation, segment, segment_name, sort_order, as_of_date,
                customers, customer_share, revenue, revenue_share,
                homogeneity_ratio,
                homogeneity_completed_revenue, homogeneity_purchase_count,
                homogeneity_days_since_last_order, homogeneity_avg_order_value,
                homogeneity_tenure_days,
                mean_completed_revenue, mean_purchase_count,
                mean_days_since_last_order, mean_avg_order_value, mean_tenure_days,
                recommended_action
            from {rpt_segment_summary}
            order by segmentation, sort_order nulls last, segment
        """,
        # the segments of rpt_segment_summary first, in its order, then the
        # ones that emptied (no longer in the summary)
        "drift": """
            select
                drift.segmentation, drift.segment, drift.segment_name,
                drift.as_of_date, drift.customers, drift.customer_share,
                drift.previous_build_as_of_date, drift.previous_build_share,
                drift.share_change_since_build, drift.previous_month_end,
                drift.month_end_share, drift.share_change_since_month_end,
                drift.centroid_moved_since_previous_fit,
                drift.is_drifted_since_build, drift.is_drifted_since_month_end,
                drift.appeared_since_build, drift.emptied_since_build,
                drift.appeared_since_month_end, drift.emptied_since_month_end,
                drift.is_flagged, drift.warn_share_points
            from {rpt_segment_drift} as drift
            left join {rpt_segment_summary} as summary
                on summary.segmentation = drift.segmentation
                and summary.segment = drift.segment
            order by drift.segmentation, summary.sort_order nulls last, drift.segment
        """,
    },
    "rfm_grid": {
        "grid": """
            select
                grid.r_score, grid.f_score, grid.main_segment,
                coalesce(names.segment_name, grid.main_segment) as main_segment_name,
                grid.customers, cast(grid.revenue as double) as revenue,
                grid.customer_share, grid.revenue_share, grid.revenue_per_customer
            from {rpt_rfm_grid} as grid
            left join {rpt_segment_summary} as names
                on names.segmentation = 'rfm' and names.segment = grid.main_segment
            order by grid.r_score, grid.f_score
        """,
        "bands": """
            select
                measure, measure_order, score,
                cast(min_value as double) as min_value,
                cast(max_value as double) as max_value,
                customers, customer_share
            from {rpt_rfm_score_bands}
            order by measure_order, score
        """,
    },
    "customer_value": {
        "holdout": """
            select
                calibration_repeat_purchases, customers, actual_purchases,
                predicted_purchases, mean_actual_purchases, mean_predicted_purchases,
                cutoff_date, as_of_date, model_name
            from {rpt_clv_validation}
            order by calibration_repeat_purchases
        """,
        "segmentations": """
            select segmentation, segmentation_name
            from {segmentations}
        """,
        # aggregated here: one row per segmentation and segment, never per customer
        "clv_by_segment": """
            select
                segments.segmentation,
                segments.segment,
                any_value(segments.segment_name) as segment_name,
                any_value(summary.sort_order) as sort_order,
                count(*) as customers,
                count(predictions.predicted_clv) as scored_customers,
                min(predictions.predicted_clv) as min_clv,
                quantile_cont(predictions.predicted_clv, 0.1) as p10_clv,
                quantile_cont(predictions.predicted_clv, 0.25) as p25_clv,
                quantile_cont(predictions.predicted_clv, 0.5) as median_clv,
                quantile_cont(predictions.predicted_clv, 0.75) as p75_clv,
                quantile_cont(predictions.predicted_clv, 0.9) as p90_clv,
                max(predictions.predicted_clv) as max_clv,
                avg(predictions.predicted_clv) as mean_clv,
                sum(predictions.predicted_clv) as total_clv,
                max(predictions.horizon_days) as horizon_days
            from {fct_customer_segments} as segments
            inner join {fct_customer_predictions} as predictions
                on segments.customer_id = predictions.customer_id
            left join {rpt_segment_summary} as summary
                on segments.segmentation = summary.segmentation
                and segments.segment = summary.segment
            group by segments.segmentation, segments.segment
            order by segments.segmentation, sort_order nulls last, segments.segment
        """,
        "cohorts": """
            select
                cohort_month, months_since_first_purchase, cohort_customers,
                active_customers, retention_rate, cast(revenue as double) as revenue,
                cumulative_revenue_per_customer
            from {rpt_cohort_retention}
            order by cohort_month, months_since_first_purchase
        """,
    },
    "clusters": {
        "clusters": """
            select
                segment, segment_name, sort_order, as_of_date, customers,
                customer_share, revenue, revenue_share, homogeneity_ratio,
                mean_completed_revenue, mean_purchase_count,
                mean_days_since_last_order, mean_avg_order_value
            from {rpt_segment_summary}
            where segmentation = 'cluster'
            order by sort_order nulls last, segment
        """,
        "profiles": """
            select
                cluster_id, cluster_name, feature, category, encoded_feature,
                customers, customer_share, mean_value, sd_value, missing_share,
                population_mean, population_sd, standardized_difference,
                deviation_rank, explanation
            from {rpt_cluster_profiles}
            order by cluster_id, deviation_rank
        """,
    },
    "transitions": {
        "segmentations": """
            select segmentation, segmentation_name, description
            from {segmentations}
        """,
        "segments": """
            select segmentation, segment, segment_name, sort_order
            from {rpt_segment_summary}
        """,
        "migration": """
            select
                segmentation, from_segment, to_segment, from_segment_name,
                to_segment_name, from_date, to_date, customers, is_same_segment,
                share_of_from_segment, share_of_customers
            from {rpt_segment_migration}
            order by segmentation, from_segment, to_segment
        """,
        # aggregated here: the fact table has a row per customer and change
        "changes": """
            select
                segmentation, changed_at, source, from_segment_name,
                to_segment_name, count(*) as transitions
            from {fct_segment_transitions}
            group by segmentation, changed_at, source, from_segment_name, to_segment_name
            order by segmentation, changed_at
        """,
    },
    "audiences": {
        "audiences": """
            select
                audience, channel, priority, holdout_share, audience_description,
                as_of_date, included, excluded, suppressed,
                suppressed_no_consent, suppressed_unsubscribed, suppressed_bounced,
                suppressed_complained, suppressed_data_sale_opt_out,
                suppressed_no_contact, eligible, treatment, holdout, sent,
                treatment_not_sent, holdout_share_actual
            from {rpt_audience_summary}
            order by channel, priority, audience
        """,
    },
}


class DataUnavailable(Exception):
    """The dashboard cannot read what it needs: what happened and what to run."""

    def __init__(self, headline: str, advice: str, command: str | None = None) -> None:
        super().__init__(headline)
        self.headline = headline
        self.advice = advice
        self.command = command


class DatabaseMissing(DataUnavailable):
    def __init__(self, database: Path) -> None:
        super().__init__(
            f"No database at `{database}`.",
            "A successful `dbt build` publishes the marts to this file. Build the "
            "demo database (it generates demo data and runs `dbt build`, about a "
            "minute), then reload this page. For your own data run "
            "`uv run dbt build --vars '{raw_data_path: /path/to/your/files}'`; "
            "to read a serving file elsewhere, start the dashboard with "
            "`SEGDB_SERVING_PATH` set to it.",
            "bash scripts/demo.sh",
        )


class DatabaseBusy(DataUnavailable):
    def __init__(self, database: Path) -> None:
        super().__init__(
            "Another program is writing to the database, reload in a moment.",
            f"A program holds a read-write connection to `{database}`, which locks "
            "readers out. `dbt build` never does: it replaces this file when it "
            "has finished. Close that program's connection (or open it read-only) "
            "and reload.",
        )


class MartMissing(DataUnavailable):
    def __init__(self, database: Path, relations: list[str]) -> None:
        names = ", ".join(f"`{name}`" for name in relations)
        super().__init__(
            f"The database has no {names}.",
            f"`{database}` was built by an older version of the project, or its "
            "last build stopped before this. Build it and what it needs, then reload "
            "(for the demo database `bash scripts/demo.sh` rebuilds everything):",
            "uv run dbt build --select " + " ".join(f"+{name}" for name in relations),
        )


def database_path() -> Path:
    """The serving file: SEGDB_SERVING_PATH, relative paths from the project root."""
    path = Path(os.environ.get("SEGDB_SERVING_PATH") or DEFAULT_DATABASE).expanduser()
    return path if path.is_absolute() else PROJECT_DIR / path


@contextmanager
def read_only_connection(database: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection, closed on exit; lock conflicts become DatabaseBusy."""
    if not database.is_file():
        raise DatabaseMissing(database)
    try:
        connection = duckdb.connect(str(database), read_only=True)
    except duckdb.IOException as error:
        # "Could not set lock on file ...: Conflicting lock is held in ..."
        if "lock" in str(error).lower():
            raise DatabaseBusy(database) from error
        raise
    try:
        yield connection
    finally:
        connection.close()


def _quoted(*parts: str) -> str:
    return ".".join('"' + part.replace('"', '""') + '"' for part in parts)


def locate(connection: duckdb.DuckDBPyConnection, database: Path, names: set[str]) -> dict:
    """Schema-qualified name of each relation; MartMissing names the absent ones."""
    found: dict[str, list[str]] = {}
    for schema, name in connection.execute(
        """
        select table_schema, table_name
        from information_schema.tables
        where list_contains(?, table_name)
        order by table_schema
        """,
        [sorted(names)],
    ).fetchall():
        found.setdefault(name, []).append(schema)
    missing = sorted(names - found.keys())
    if missing:
        raise MartMissing(database, missing)
    located = {}
    for name, schemas in found.items():
        layer = RELATION_LAYERS.get(name, "")
        preferred = [s for s in schemas if s == layer or s.endswith("_" + layer)]
        located[name] = _quoted((preferred or schemas)[0], name)
    return located


def run_batch(database: Path, queries: Mapping[str, str]) -> dict[str, pd.DataFrame]:
    """Run named queries in one read-only connection that is closed before returning."""
    needed = {
        field
        for sql in queries.values()
        for _, field, _, _ in string.Formatter().parse(sql)
        if field
    }
    with read_only_connection(database) as connection:
        relations = locate(connection, database, needed)
        return {
            name: connection.execute(sql.format(**relations)).df() for name, sql in queries.items()
        }


def _version(database: Path) -> tuple[int, int]:
    """Changes whenever a build publishes (a new file: new inode) or anything
    writes the file or its write-ahead log (modification time)."""
    wal = database.with_name(database.name + ".wal")
    stat = database.stat()
    stamps = [stat.st_mtime_ns]
    if wal.exists():
        stamps.append(wal.stat().st_mtime_ns)
    return stat.st_ino, max(stamps)


@st.cache_data(ttl=CACHE_SECONDS, max_entries=50, show_spinner="Reading the marts ...")
def _cached_batch(database: str, version: tuple[int, int], batch: str) -> dict[str, pd.DataFrame]:
    # version is part of the cache key only: a newly published file is read again
    return run_batch(Path(database), BATCHES[batch])


def load(batch: str) -> dict[str, pd.DataFrame]:
    """A page's data, from the cache or one short read-only connection."""
    database = database_path()
    if not database.is_file():
        raise DatabaseMissing(database)
    return _cached_batch(str(database), _version(database), batch)
