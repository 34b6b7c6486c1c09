"""Segment overview: size, revenue and homogeneity of every segment (rpt_segment_summary)."""

from __future__ import annotations

import altair as alt
import shared
import streamlit as st

# the features of the homogeneity ratios, with short names for the heatmap
FEATURES = {
    "completed_revenue": "Revenue",
    "purchase_count": "Purchases",
    "days_since_last_order": "Recency",
    "avg_order_value": "Basket",
    "tenure_days": "Tenure",
}

st.title("Segment overview")
data = shared.load_or_stop("segment_summary")
summary = data["summary"]
segmentation = shared.segmentation_filter(
    data["segmentations"], summary["segmentation"].unique().tolist()
)
segments = summary[summary["segmentation"] == segmentation].reset_index(drop=True)
order = segments["segment_name"].tolist()
st.caption(
    " ".join(
        part
        for part in (
            shared.describe_segmentation(data["segmentations"], segmentation),
            shared.as_of_caption(segments["as_of_date"]),
        )
        if part
    )
)

customers = int(segments["customers"].sum())
rated = segments.dropna(subset=["homogeneity_ratio"])
weighted_homogeneity = (
    f"{(rated['homogeneity_ratio'] * rated['customers']).sum() / rated['customers'].sum():.2f}"
    if not rated.empty
    else "n/a"
)
columns = st.columns(4)
columns[0].metric("Customers", shared.count(customers))
columns[1].metric("Revenue", shared.money(segments["revenue"].sum()))
columns[2].metric("Segments", shared.count(len(segments)))
columns[3].metric(
    "Homogeneity (weighted)",
    weighted_homogeneity,
    help="Mean of the segments' homogeneity ratios weighted by customers: a feature's "
    "standard deviation in the segment over the whole customer base's. Below 1 the "
    "segments hold customers more alike than the base.",
)

left, right = st.columns(2)
with left:
    st.subheader("Share of customers and revenue")
    shares = segments.melt(
        id_vars=["segment_name"],
        value_vars=["customer_share", "revenue_share"],
        var_name="measure",
        value_name="share",
    )
    shares["measure"] = shares["measure"].map(
        {"customer_share": "customers", "revenue_share": "revenue"}
    )
    shared.chart(
        alt.Chart(shares)
        .mark_bar()
        .encode(
            y=alt.Y("segment_name:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("share:Q", axis=alt.Axis(format="%"), title="share of all"),
            color=alt.Color("measure:N", title=None, legend=alt.Legend(orient="bottom")),
            yOffset="measure:N",
            tooltip=["segment_name", "measure", alt.Tooltip("share:Q", format=".1%")],
        ),
        step=14,
    )
with right:
    st.subheader("Homogeneity by feature")
    ratios = segments.melt(
        id_vars=["segment_name"],
        value_vars=[f"homogeneity_{feature}" for feature in FEATURES],
        var_name="feature",
        value_name="ratio",
    ).dropna(subset=["ratio"])
    ratios["feature"] = ratios["feature"].str.removeprefix("homogeneity_").map(FEATURES)
    if ratios.empty:
        st.info("Too few customers in these segments to compare their spread with the base's.")
    else:
        base = alt.Chart(ratios).encode(
            y=alt.Y("segment_name:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X(
                "feature:N",
                sort=list(FEATURES.values()),
                title=None,
                axis=alt.Axis(orient="top", labelAngle=0, labelOverlap=False, labelFontSize=10),
            ),
        )
        heat = base.mark_rect().encode(
            color=alt.Color(
                "ratio:Q",
                title="sd ratio",
                scale=alt.Scale(scheme="blueorange", domainMid=1),
            ),
            tooltip=["segment_name", "feature", alt.Tooltip("ratio:Q", format=".2f")],
        )
        labels = base.mark_text(fontSize=11).encode(
            text=alt.Text("ratio:Q", format=".2f"),
            # white on the dark ends of the scale
            color=alt.condition(
                (alt.datum.ratio < 0.3) | (alt.datum.ratio > 1.5),
                alt.value("white"),
                alt.value("black"),
            ),
        )
        shared.chart(heat + labels, step=30)
        st.caption(
            "Standard deviation inside the segment over the whole base's, for revenue, "
            "purchases, days since the last order (recency), average order value (basket) "
            "and tenure: blue (below 1) means the segment's customers are alike on it."
        )

st.subheader("Segments")
table = segments[
    [
        "segment_name",
        "customers",
        "customer_share",
        "revenue",
        "revenue_share",
        "homogeneity_ratio",
        "mean_completed_revenue",
        "mean_purchase_count",
        "mean_days_since_last_order",
        "recommended_action",
    ]
]
st.dataframe(
    table,
    hide_index=True,
    height=shared.table_height(len(table), most=20),
    column_config={
        "segment_name": st.column_config.TextColumn("Segment"),
        "customers": st.column_config.NumberColumn("Customers", format="%,d"),
        "customer_share": st.column_config.NumberColumn("% customers", format="percent"),
        "revenue": st.column_config.NumberColumn("Revenue", format="%,.0f"),
        "revenue_share": st.column_config.NumberColumn("% revenue", format="percent"),
        "homogeneity_ratio": st.column_config.NumberColumn("Homogeneity", format="%.2f"),
        "mean_completed_revenue": st.column_config.NumberColumn("Mean revenue", format="%.0f"),
        "mean_purchase_count": st.column_config.NumberColumn("Mean purchases", format="%.1f"),
        "mean_days_since_last_order": st.column_config.NumberColumn(
            "Mean days since last order", format="%.0f"
        ),
        "recommended_action": st.column_config.TextColumn("Recommended action", width="large"),
    },
)
