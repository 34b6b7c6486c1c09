"""Customer value: how well the purchase model predicted a holdout period
(rpt_clv_validation), the distribution of predicted CLV by segment
(fct_customer_predictions x fct_customer_segments, aggregated in SQL) and cohort
retention (rpt_cohort_retention) as a heatmap of first-purchase month x months since
the first purchase."""

from __future__ import annotations

import math

import altair as alt
import pandas as pd
import shared
import streamlit as st

HOLDOUT_MEASURES = {
    "mean": ("Purchases per customer", "mean_actual_purchases", "mean_predicted_purchases"),
    "total": ("Purchases", "actual_purchases", "predicted_purchases"),
}
MODEL_NAMES = {"bg_nbd": "BG/NBD", "mbg_nbd": "MBG/NBD"}
QUANTILES = {
    "p10_clv": "10th percentile",
    "p25_clv": "25th percentile",
    "median_clv": "Median",
    "p75_clv": "75th percentile",
    "p90_clv": "90th percentile",
}
MEASURES = {
    "retention_rate": ("Retention", ".0%"),
    "active_customers": ("Active customers", ",.0f"),
    "cumulative_revenue_per_customer": ("Cumulative revenue per customer", ",.0f"),
}


def holdout_error(actual: float, predicted: float) -> float | None:
    """Predicted over actual minus one; None without a prediction or without purchases."""
    if actual <= 0 or predicted is None or math.isnan(predicted):
        return None
    return predicted / actual - 1


def bucket_label(purchases: int) -> str:
    return f"{purchases}+" if purchases >= 7 else str(purchases)


st.title("Customer value")
data = shared.load_or_stop("customer_value")
holdout = data["holdout"]
by_segment = data["clv_by_segment"]
cohorts = data["cohorts"]

# ---- the holdout: predicted against actual purchases

st.subheader("Predicted against actual purchases in the holdout")
settings = holdout.iloc[0] if not holdout.empty else None
if settings is not None:
    st.caption(
        f"The {MODEL_NAMES.get(settings['model_name'], settings['model_name'])} model fitted "
        f"on the purchases up to {settings['cutoff_date']:%Y-%m-%d} predicted each of these "
        "customers' purchases (days with a completed order) up to "
        f"{settings['as_of_date']:%Y-%m-%d}; here against what they bought, by the number of "
        "repeat purchases they had made by the cutoff."
    )
actual_total = float(holdout["actual_purchases"].sum())
predicted_total = (
    float(holdout["predicted_purchases"].sum())
    if holdout["predicted_purchases"].notna().all()
    else math.nan
)
error = holdout_error(actual_total, predicted_total)
columns = st.columns(4)
columns[0].metric("Customers at the cutoff", shared.count(holdout["customers"].sum()))
columns[1].metric("Actual purchases", shared.count(actual_total))
columns[2].metric(
    "Predicted purchases",
    "n/a" if math.isnan(predicted_total) else shared.count(predicted_total),
)
columns[3].metric("Error of the total", "n/a" if error is None else f"{error:+.1%}")

holdout_measure = st.segmented_control(
    "Show",
    list(HOLDOUT_MEASURES),
    default="mean",
    format_func=lambda m: HOLDOUT_MEASURES[m][0],
    key="holdout_measure",
)
holdout_measure = holdout_measure or "mean"
axis_title, actual_column, predicted_column = HOLDOUT_MEASURES[holdout_measure]
points = pd.concat(
    [
        holdout.assign(series="Actual", value=holdout[actual_column]),
        holdout.assign(series="Predicted", value=holdout[predicted_column]),
    ]
).assign(bucket=lambda f: f["calibration_repeat_purchases"].map(bucket_label))
buckets = [bucket_label(b) for b in holdout["calibration_repeat_purchases"]]
fit_plot = (
    alt.Chart(points.dropna(subset=["value"]))
    .mark_line(point=True)
    .encode(
        x=alt.X(
            "bucket:O",
            sort=buckets,
            title="Repeat purchases by the cutoff",
            axis=alt.Axis(labelAngle=0),
        ),
        y=alt.Y("value:Q", title=f"{axis_title} in the holdout"),
        color=alt.Color("series:N", title=None),
        tooltip=[
            alt.Tooltip("bucket:O", title="Repeat purchases by the cutoff"),
            alt.Tooltip("series:N", title="Series"),
            alt.Tooltip("value:Q", title=axis_title, format=",.2f"),
            alt.Tooltip("customers:Q", title="Customers", format=",.0f"),
        ],
    )
)
shared.chart(fit_plot, height=260)
st.dataframe(
    holdout.drop(columns=["cutoff_date", "as_of_date", "model_name"]).assign(
        calibration_repeat_purchases=buckets
    ),
    hide_index=True,
    height=shared.table_height(len(holdout)),
    column_config={
        "calibration_repeat_purchases": st.column_config.TextColumn("Repeat purchases"),
        "customers": st.column_config.NumberColumn("Customers", format="%,d"),
        "actual_purchases": st.column_config.NumberColumn("Actual", format="%,d"),
        "predicted_purchases": st.column_config.NumberColumn("Predicted", format="%,.1f"),
        "mean_actual_purchases": st.column_config.NumberColumn(
            "Actual per customer", format="%.3f"
        ),
        "mean_predicted_purchases": st.column_config.NumberColumn(
            "Predicted per customer", format="%.3f"
        ),
    },
)

# ---- predicted CLV by segment

st.subheader("Predicted CLV by segment")
names = dict(
    zip(
        data["segmentations"]["segmentation"],
        data["segmentations"]["segmentation_name"],
        strict=True,
    )
)
available = sorted(by_segment["segmentation"].unique(), key=lambda s: names.get(s, s).lower())
if available:
    default = next((s for s in ("predicted_value", "rfm") if s in available), available[0])
    segmentation = st.selectbox(
        "Segments of",
        available,
        index=available.index(default),
        format_func=lambda s: names.get(s, s),
        key="clv_segmentation",
    )
else:
    segmentation = None
segments = by_segment[by_segment["segmentation"] == segmentation].reset_index(drop=True)
horizon = segments["horizon_days"].dropna()
st.caption(
    "Predicted CLV: the discounted expected revenue of each customer"
    + (f" over the next {int(horizon.max())} days" if not horizon.empty else "")
    + ". Boxes span the 25th to the 75th percentile of the segment's customers, lines the "
    "10th to the 90th, the tick is the median. Customers without a prediction (no completed "
    "purchase, or no converged fit) count in Customers but not in the percentiles."
)
columns = st.columns(3)
columns[0].metric("Customers", shared.count(segments["customers"].sum()))
columns[1].metric("With a prediction", shared.count(segments["scored_customers"].sum()))
columns[2].metric("Total predicted CLV", shared.money(segments["total_clv"].sum()))

scored = segments.dropna(subset=["median_clv"])
order = list(scored["segment_name"])
base = alt.Chart(scored).encode(
    y=alt.Y("segment_name:N", sort=order, title=None),
    tooltip=[
        alt.Tooltip("segment_name:N", title="Segment"),
        alt.Tooltip("scored_customers:Q", title="With a prediction", format=",.0f"),
        *[alt.Tooltip(f"{c}:Q", title=t, format=",.0f") for c, t in QUANTILES.items()],
        alt.Tooltip("mean_clv:Q", title="Mean", format=",.0f"),
    ],
)
whiskers = base.mark_rule().encode(x=alt.X("p10_clv:Q", title="Predicted CLV"), x2="p90_clv:Q")
boxes = base.mark_bar(size=14).encode(x="p25_clv:Q", x2="p75_clv:Q")
medians = base.mark_tick(color="black", size=14, thickness=2).encode(x="median_clv:Q")
shared.chart(whiskers + boxes + medians, step=28)
st.dataframe(
    segments.drop(columns=["segmentation", "segment", "sort_order", "horizon_days"]),
    hide_index=True,
    height=shared.table_height(len(segments)),
    column_config={
        "segment_name": st.column_config.TextColumn("Segment"),
        "customers": st.column_config.NumberColumn("Customers", format="%,d"),
        "scored_customers": st.column_config.NumberColumn("With a prediction", format="%,d"),
        "min_clv": st.column_config.NumberColumn("Min", format="%,.0f"),
        **{c: st.column_config.NumberColumn(t, format="%,.0f") for c, t in QUANTILES.items()},
        "max_clv": st.column_config.NumberColumn("Max", format="%,.0f"),
        "mean_clv": st.column_config.NumberColumn("Mean", format="%,.0f"),
        "total_clv": st.column_config.NumberColumn("Total", format="%,.0f"),
    },
)

# ---- cohort retention

st.subheader("Cohort retention")
st.caption(
    "Customers grouped by the month of their first completed purchase (rows) and the "
    "share of them with a completed purchase in each later calendar month (columns, 0 = "
    "the first month). Customers who asked to be erased are left out."
)

measure = st.segmented_control(
    "Colour by",
    list(MEASURES),
    default="retention_rate",
    format_func=lambda m: MEASURES[m][0],
    key="cohort_measure",
)
measure = measure or "retention_rate"
title, number_format = MEASURES[measure]

first_months = cohorts[cohorts["months_since_first_purchase"] == 0]
later = cohorts[cohorts["months_since_first_purchase"] > 0]
columns = st.columns(3)
columns[0].metric("Cohorts", shared.count(len(first_months)))
columns[1].metric("Cohort customers", shared.count(first_months["cohort_customers"].sum()))
columns[2].metric(
    "Mean retention after month 0",
    f"{later['active_customers'].sum() / max(later['cohort_customers'].sum(), 1):.1%}",
)

cells = cohorts.assign(
    cohort=cohorts["cohort_month"].astype(str).str.slice(0, 7),
    value=cohorts[measure].fillna(0),
)
heat = (
    alt.Chart(cells)
    .mark_rect()
    .encode(
        x=alt.X(
            "months_since_first_purchase:O",
            title="Months since the first purchase",
            axis=alt.Axis(labelAngle=0),
        ),
        y=alt.Y("cohort:O", title="First-purchase month"),
        color=alt.Color("value:Q", title=title, scale=alt.Scale(scheme="blues")),
        tooltip=[
            alt.Tooltip("cohort:O", title="Cohort"),
            alt.Tooltip("months_since_first_purchase:O", title="Month"),
            alt.Tooltip("cohort_customers:Q", title="Cohort customers", format=",.0f"),
            alt.Tooltip("active_customers:Q", title="Active", format=",.0f"),
            alt.Tooltip("retention_rate:Q", title="Retention", format=".1%"),
            alt.Tooltip("revenue:Q", title="Revenue", format=",.0f"),
            alt.Tooltip(
                "cumulative_revenue_per_customer:Q",
                title="Cumulative revenue per customer",
                format=",.0f",
            ),
        ],
    )
)
shared.chart(heat, step=14)

st.dataframe(
    cohorts,
    hide_index=True,
    height=shared.table_height(len(cohorts)),
    column_config={
        "cohort_month": st.column_config.DateColumn("Cohort"),
        "months_since_first_purchase": st.column_config.NumberColumn("Month"),
        "cohort_customers": st.column_config.NumberColumn("Cohort customers", format="%,d"),
        "active_customers": st.column_config.NumberColumn("Active", format="%,d"),
        "retention_rate": st.column_config.NumberColumn("Retention", format="percent"),
        "revenue": st.column_config.NumberColumn("Revenue", format="%,.0f"),
        "cumulative_revenue_per_customer": st.column_config.NumberColumn(
            "Cumulative revenue per customer", format="%,.0f"
        ),
    },
)
