"""Segment overview: size, revenue and homogeneity of every segment (rpt_segment_summary),
and how the segments drifted since the previous build and month-end (rpt_segment_drift)."""

from __future__ import annotations

import altair as alt
import pandas as pd
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


def drift_flags(row: pd.Series) -> str:
    """What a drift row is flagged for, in words ('' when nothing)."""
    parts = []
    for since, label in (("build", "the previous build"), ("month_end", "the month-end")):
        change = row[f"share_change_since_{since}"]
        if row[f"is_drifted_since_{since}"]:
            parts.append(f"share {change:+.1f} pts since {label}")
        if row[f"appeared_since_{since}"]:
            parts.append(f"appeared since {label}")
        if row[f"emptied_since_{since}"]:
            parts.append(f"emptied since {label}")
    return "; ".join(parts)


def date_text(value) -> str:
    return "n/a" if pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d}"


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

st.subheader("Drift")
all_drift = data["drift"].copy()
all_drift["flags"] = all_drift.apply(drift_flags, axis=1) if not all_drift.empty else ""
drift = all_drift[all_drift["segmentation"] == segmentation].reset_index(drop=True)
if drift.empty:
    st.info("No drift report for this segmentation yet: run `dbt build`.")
else:
    first = drift.iloc[0]
    st.caption(
        "Share of this segmentation's customers now against the previous build "
        f"(as of {date_text(first['previous_build_as_of_date'])}) and the previous "
        f"month-end ({date_text(first['previous_month_end'])}), in percentage points. "
        f"A segment is flagged when its share moves more than {first['warn_share_points']:g} "
        "points (var drift_warn_share_points) or when it appears or empties; n/a: no "
        "previous build yet, or no state recorded at the month-end (only RFM and "
        "lifecycle are rebuilt from orders)."
    )
    flagged = drift[drift["is_flagged"]]
    if flagged.empty:
        st.success("No segment drifted.", icon=":material/check_circle:")
    else:
        st.warning(
            f"{len(flagged)} segment{'s' if len(flagged) > 1 else ''} drifted: "
            + "; ".join(f"**{row.segment_name}** ({row.flags})" for row in flagged.itertuples()),
            icon=":material/trending_up:",
        )
    elsewhere = all_drift[all_drift["is_flagged"] & (all_drift["segmentation"] != segmentation)]
    if not elsewhere.empty:
        names = dict(
            zip(
                data["segmentations"]["segmentation"],
                data["segmentations"]["segmentation_name"],
                strict=True,
            )
        )
        st.info(
            "Drifted in other segmentations: "
            + ", ".join(
                f"{names.get(row.segmentation, row.segmentation)}: {row.segment_name}"
                for row in elsewhere.itertuples()
            ),
            icon=":material/info:",
        )
    columns = [
        "segment_name",
        "customers",
        "customer_share",
        "previous_build_share",
        "share_change_since_build",
        "month_end_share",
        "share_change_since_month_end",
        "flags",
    ]
    if segmentation == "cluster":
        columns.insert(-1, "centroid_moved_since_previous_fit")
    st.dataframe(
        drift[columns],
        hide_index=True,
        height=shared.table_height(len(drift), most=20),
        column_config={
            "segment_name": st.column_config.TextColumn("Segment"),
            "customers": st.column_config.NumberColumn("Customers", format="%,d"),
            "customer_share": st.column_config.NumberColumn("% now", format="percent"),
            "previous_build_share": st.column_config.NumberColumn(
                "% previous build", format="percent"
            ),
            "share_change_since_build": st.column_config.NumberColumn(
                "Change (pts)", format="%+.1f"
            ),
            "month_end_share": st.column_config.NumberColumn("% month-end", format="percent"),
            "share_change_since_month_end": st.column_config.NumberColumn(
                "Change since month-end (pts)", format="%+.1f"
            ),
            "centroid_moved_since_previous_fit": st.column_config.NumberColumn(
                "Centroid moved",
                format="%.3f",
                help="Distance from the previous fit's "
                "centroid of the same cluster, in the scaled units the clustering compares.",
            ),
            "flags": st.column_config.TextColumn("Flags", width="large"),
        },
    )
