"""Customer value: cohort retention (rpt_cohort_retention) as a heatmap of first-purchase
month x months since the first purchase."""

from __future__ import annotations

import altair as alt
import shared
import streamlit as st

MEASURES = {
    "retention_rate": ("Retention", ".0%"),
    "active_customers": ("Active customers", ",.0f"),
    "cumulative_revenue_per_customer": ("Cumulative revenue per customer", ",.0f"),
}

st.title("Customer value")
data = shared.load_or_stop("customer_value")
cohorts = data["cohorts"]

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
columns[1].metric("Customers", shared.count(first_months["cohort_customers"].sum()))
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
