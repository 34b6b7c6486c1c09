"""RFM heatmap: recency score x frequency score (rpt_rfm_grid), and where the
score cut points fell (rpt_rfm_score_bands)."""

from __future__ import annotations

import altair as alt
import shared
import streamlit as st

MEASURES = {
    "customers": ("Customers", ",.0f"),
    "revenue": ("Revenue", ",.0f"),
    "revenue_per_customer": ("Revenue per customer", ",.0f"),
}

st.title("RFM heatmap")
data = shared.load_or_stop("rfm_grid")
grid, bands = data["grid"], data["bands"]
st.caption(
    "Every buyer's recency score (5 = bought most recently) against their frequency "
    "score (5 = buys most often), scored by quintile or the cut points of var "
    "rfm_thresholds; each cell names its most common RFM segment (the monetary score "
    "splits some cells). Customers with equal values share a score, so a value most "
    "customers share (one purchase) fills one score and leaves others empty: see the "
    "score bands below."
)

measure = st.segmented_control(
    "Colour by",
    list(MEASURES),
    default="customers",
    format_func=lambda m: MEASURES[m][0],
    key="rfm_measure",
)
measure = measure or "customers"
title, number_format = MEASURES[measure]

columns = st.columns(3)
columns[0].metric("Scored customers", shared.count(grid["customers"].sum()))
columns[1].metric("Their revenue", shared.money(grid["revenue"].sum()))
columns[2].metric("Empty cells", shared.count((grid["customers"] == 0).sum()))

cells = grid.assign(
    label=grid["main_segment_name"].fillna(""),
    value=grid[measure].fillna(0),
)
base = alt.Chart(cells).encode(
    x=alt.X("f_score:O", title="Frequency score (5 = most often)", axis=alt.Axis(labelAngle=0)),
    y=alt.Y("r_score:O", sort="descending", title="Recency score (5 = most recent)"),
)
heat = base.mark_rect(stroke="white").encode(
    color=alt.Color("value:Q", title=title, scale=alt.Scale(scheme="blues")),
    tooltip=[
        alt.Tooltip("r_score:O", title="R"),
        alt.Tooltip("f_score:O", title="F"),
        alt.Tooltip("main_segment_name:N", title="Main segment"),
        alt.Tooltip("customers:Q", format=",.0f"),
        alt.Tooltip("customer_share:Q", title="% customers", format=".1%"),
        alt.Tooltip("revenue:Q", format=",.0f"),
        alt.Tooltip("revenue_share:Q", title="% revenue", format=".1%"),
        alt.Tooltip("revenue_per_customer:Q", format=",.0f"),
    ],
)
# white text on the darker cells
ink = alt.condition(
    alt.datum.value > 0.6 * cells["value"].max(), alt.value("white"), alt.value("black")
)
names = base.mark_text(baseline="bottom", dy=-2, fontSize=11).encode(text="label:N", color=ink)
values = base.mark_text(baseline="top", dy=2, fontSize=12, fontWeight="bold").encode(
    text=alt.Text("value:Q", format=number_format), color=ink
)
shared.chart(heat + names + values, height=420)

st.subheader("Cells")
st.dataframe(
    grid[
        [
            "r_score",
            "f_score",
            "main_segment_name",
            "customers",
            "customer_share",
            "revenue",
            "revenue_share",
            "revenue_per_customer",
        ]
    ],
    hide_index=True,
    height=shared.table_height(len(grid), most=25),
    column_config={
        "r_score": st.column_config.NumberColumn("R"),
        "f_score": st.column_config.NumberColumn("F"),
        "main_segment_name": st.column_config.TextColumn("Main segment"),
        "customers": st.column_config.NumberColumn("Customers", format="%,d"),
        "customer_share": st.column_config.NumberColumn("% customers", format="percent"),
        "revenue": st.column_config.NumberColumn("Revenue", format="%,.0f"),
        "revenue_share": st.column_config.NumberColumn("% revenue", format="percent"),
        "revenue_per_customer": st.column_config.NumberColumn(
            "Revenue per customer", format="%,.0f"
        ),
    },
)

BAND_MEASURES = {
    "recency_days": ("Recency", "days since the last purchase", "%,.0f"),
    "frequency": ("Frequency", "purchases", "%,.0f"),
    "monetary": ("Monetary", "completed revenue", "%,.2f"),
}

st.subheader("Score bands")
st.caption(
    "Where the cut points fell: for each measure and score, the lowest and highest value "
    "among the customers with that score and how many they are. An empty score (no "
    "customers) is covered by a value held by more than a fifth of the customers."
)
band_columns = st.columns(len(BAND_MEASURES))
for column, (measure, (label, unit, value_format)) in zip(
    band_columns, BAND_MEASURES.items(), strict=True
):
    rows = bands[bands["measure"] == measure][
        ["score", "min_value", "max_value", "customers", "customer_share"]
    ].sort_values("score", ascending=False)
    column.markdown(f"**{label}** ({unit})")
    column.dataframe(
        rows,
        hide_index=True,
        column_config={
            "score": st.column_config.NumberColumn("Score"),
            "min_value": st.column_config.NumberColumn("From", format=value_format),
            "max_value": st.column_config.NumberColumn("To", format=value_format),
            "customers": st.column_config.NumberColumn("Customers", format="%,d"),
            "customer_share": st.column_config.NumberColumn("%", format="percent"),
        },
    )
