"""Cluster profiles: what sets each k-means cluster apart, in original units.

Sizes and revenue come from rpt_segment_summary (segmentation 'cluster');
the feature profiles from rpt_cluster_profiles. Customers who asked to be
erased are in neither (nor in the fit).
"""

from __future__ import annotations

import altair as alt
import shared
import streamlit as st

st.title("Cluster profiles")
data = shared.load_or_stop("clusters")
clusters, profiles = data["clusters"], data["profiles"]
st.caption(
    "Groups of similar buyers found by k-means on the features below; each cluster is "
    "named after its strongest deviations from all buyers. Customers without a "
    f"purchase form cluster_0. {shared.as_of_caption(clusters['as_of_date'])}"
)
if clusters.empty:
    st.info("The cluster segmentation has no customers in this database.")
    st.stop()

clustered = clusters[clusters["segment"] != "cluster_0"]
columns = st.columns(4)
columns[0].metric("Clusters", shared.count(len(clustered)))
columns[1].metric("Clustered buyers", shared.count(clustered["customers"].sum()))
columns[2].metric(
    "No purchase (cluster_0)",
    shared.count(clusters.loc[clusters["segment"] == "cluster_0", "customers"].sum()),
)
columns[3].metric(
    "Largest cluster's revenue share",
    shared.share(clustered["revenue_share"].max() if not clustered.empty else None),
)

top = (
    profiles[profiles["deviation_rank"] <= 3]
    .groupby("cluster_id")["explanation"]
    .agg("; ".join)
    .rename("sets_it_apart")
)
overview = clusters.assign(
    cluster_id=clusters["segment"].str.removeprefix("cluster_").astype(int)
).join(top, on="cluster_id")
st.subheader("Clusters")
st.dataframe(
    overview[
        [
            "segment",
            "segment_name",
            "customers",
            "customer_share",
            "revenue_share",
            "sets_it_apart",
            "homogeneity_ratio",
            "mean_completed_revenue",
            "mean_purchase_count",
        ]
    ],
    hide_index=True,
    height=shared.table_height(len(overview)),
    column_config={
        "segment": st.column_config.TextColumn("Cluster"),
        "segment_name": st.column_config.TextColumn("Name"),
        "customers": st.column_config.NumberColumn("Customers", format="%,d"),
        "customer_share": st.column_config.NumberColumn("% customers", format="percent"),
        "revenue_share": st.column_config.NumberColumn("% revenue", format="percent"),
        "homogeneity_ratio": st.column_config.NumberColumn("Homogeneity", format="%.2f"),
        "mean_completed_revenue": st.column_config.NumberColumn("Mean revenue", format="%,.0f"),
        "mean_purchase_count": st.column_config.NumberColumn("Mean purchases", format="%.1f"),
        "sets_it_apart": st.column_config.TextColumn(
            "What sets it apart (cluster mean vs all buyers)", width="large"
        ),
    },
)

if profiles.empty:
    st.info("No cluster profiles: too few buyers were clustered in this database.")
    st.stop()

st.subheader("Profiles")
st.caption(
    "Colour: the cluster's mean minus all buyers' mean, in standard deviations "
    "(red above, blue below); text: the cluster's mean in original units (a share "
    "for a channel)."
)
names = profiles.drop_duplicates("cluster_id").sort_values("cluster_id")["cluster_name"].tolist()
features = sorted(profiles["encoded_feature"].unique())
base = alt.Chart(profiles).encode(
    y=alt.Y("encoded_feature:N", sort=features, title=None, axis=alt.Axis(labelLimit=300)),
    # one word group of the generated name per line: "High value · frequent"
    x=alt.X(
        "cluster_name:N",
        sort=names,
        title=None,
        axis=alt.Axis(labelAngle=0, labelExpr="split(datum.label, ' · ')", labelLimit=200),
    ),
)
heat = base.mark_rect().encode(
    color=alt.Color(
        "standardized_difference:Q",
        title="sd from all buyers",
        scale=alt.Scale(scheme="redblue", reverse=True, domainMid=0),
    ),
    tooltip=[
        alt.Tooltip("cluster_name:N", title="Cluster"),
        alt.Tooltip("encoded_feature:N", title="Feature"),
        alt.Tooltip("mean_value:Q", title="Cluster mean", format=",.2f"),
        alt.Tooltip("population_mean:Q", title="All buyers", format=",.2f"),
        alt.Tooltip("standardized_difference:Q", title="Difference (sd)", format="+.2f"),
    ],
)
labels = base.mark_text(fontSize=11).encode(
    text=alt.Text("mean_value:Q", format=",.3~r"),
    color=alt.condition(
        "abs(datum.standardized_difference) > 1.2", alt.value("white"), alt.value("black")
    ),
)
shared.chart(heat + labels, step=28)

chosen = st.selectbox("Cluster in detail", names, key="cluster_detail")
detail = profiles[profiles["cluster_name"] == chosen]
st.dataframe(
    detail[
        [
            "deviation_rank",
            "encoded_feature",
            "mean_value",
            "sd_value",
            "population_mean",
            "population_sd",
            "standardized_difference",
            "missing_share",
        ]
    ],
    hide_index=True,
    height=shared.table_height(len(detail), most=25),
    column_config={
        "deviation_rank": st.column_config.NumberColumn("Rank"),
        "encoded_feature": st.column_config.TextColumn("Feature"),
        "mean_value": st.column_config.NumberColumn("Cluster mean", format="%,.2f"),
        "sd_value": st.column_config.NumberColumn("Cluster sd", format="%,.2f"),
        "population_mean": st.column_config.NumberColumn("All buyers' mean", format="%,.2f"),
        "population_sd": st.column_config.NumberColumn("All buyers' sd", format="%,.2f"),
        "standardized_difference": st.column_config.NumberColumn("Difference (sd)", format="%+.2f"),
        "missing_share": st.column_config.NumberColumn("Missing", format="percent"),
    },
)
