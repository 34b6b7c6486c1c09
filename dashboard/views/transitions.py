"""Segment transitions: the migration matrix of a period (rpt_segment_migration) and
every change over time (fct_segment_transitions, aggregated)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import shared
import streamlit as st

NONE = "(none)"

st.title("Segment transitions")
data = shared.load_or_stop("transitions")
migration, changes, segments = data["migration"], data["changes"], data["segments"]
available = sorted(set(migration["segmentation"]) | set(changes["segmentation"]))
if not available:
    st.info("No segment history yet: build the project (`uv run dbt build`) to record it.")
    st.stop()
segmentation = shared.segmentation_filter(data["segmentations"], available)
matrix = migration[migration["segmentation"] == segmentation]
moves = changes[changes["segmentation"] == segmentation]

# axis order: '(none)' first, then the segments in their display order
ordered = segments[segments["segmentation"] == segmentation].sort_values(
    ["sort_order", "segment"], na_position="last"
)
order = [NONE, *ordered["segment_name"]]
for name in sorted(set(matrix["from_segment_name"]) | set(matrix["to_segment_name"])):
    if name not in order:
        order.append(name)

if not matrix.empty:
    from_date = pd.to_datetime(matrix["from_date"]).min()
    to_date = pd.to_datetime(matrix["to_date"]).max()
    st.caption(
        f"Each customer's segment on {from_date:%Y-%m-%d} against {to_date:%Y-%m-%d} "
        "(vars migration_from_date, migration_to_date). (none): no state on that date, "
        "not yet a customer or no history that far back (only RFM and lifecycle are "
        "rebuilt from orders before the first build)."
    )

had_segment = matrix[matrix["from_segment"] != NONE]
stayed = had_segment.loc[had_segment["is_same_segment"], "customers"].sum()
columns = st.columns(4)
columns[0].metric("Customers", shared.count(matrix["customers"].sum()))
columns[1].metric(
    "Stayed in their segment",
    shared.share(stayed / had_segment["customers"].sum() if not had_segment.empty else None),
    help="Of the customers who had a segment on the from date.",
)
columns[2].metric("Moved", shared.count(had_segment["customers"].sum() - stayed))
columns[3].metric(
    "New (from (none))",
    shared.count(matrix.loc[matrix["from_segment"] == NONE, "customers"].sum()),
)

st.subheader("Migration matrix")
if matrix.empty:
    st.info("No migration rows for this segmentation.")
else:
    base = alt.Chart(matrix).encode(
        x=alt.X(
            "to_segment_name:N",
            sort=order,
            title="to segment",
            axis=alt.Axis(orient="top", labelAngle=-35, labelLimit=200, labelOverlap=False),
        ),
        y=alt.Y(
            "from_segment_name:N",
            sort=order,
            title="from segment",
            axis=alt.Axis(labelLimit=260, labelOverlap=False),
        ),
    )
    heat = base.mark_rect().encode(
        color=alt.Color(
            "share_of_from_segment:Q",
            title="share of from",
            scale=alt.Scale(scheme="greens", domain=[0, 1]),
            legend=alt.Legend(format="%"),
        ),
        tooltip=[
            alt.Tooltip("from_segment_name:N", title="From"),
            alt.Tooltip("to_segment_name:N", title="To"),
            alt.Tooltip("customers:Q", format=",.0f"),
            alt.Tooltip("share_of_from_segment:Q", title="Share of from", format=".1%"),
        ],
    )
    labels = base.mark_text(fontSize=11).encode(
        text=alt.Text("customers:Q", format=",.0f"),
        color=alt.condition(
            alt.datum.share_of_from_segment > 0.6, alt.value("white"), alt.value("black")
        ),
    )
    shared.chart(heat + labels, step=30)

st.subheader("Changes over time")
if moves.empty:
    st.info(
        "No segment changes recorded for this segmentation yet. RFM and lifecycle are "
        "rebuilt from the order history; the other segmentations are recorded by the "
        "snapshot from the first build on, so their changes appear after later builds."
    )
else:
    st.caption(
        "Customers entering each segment, by the as-of date on which they were first "
        "seen in it (reconstructed: rebuilt from orders; snapshot: recorded by builds)."
    )
    over_time = (
        moves.groupby(["changed_at", "to_segment_name", "source"], as_index=False)["transitions"]
        .sum()
        .assign(changed_at=lambda frame: pd.to_datetime(frame["changed_at"]))
    )
    shared.chart(
        alt.Chart(over_time)
        .mark_bar()
        .encode(
            x=alt.X(
                "yearmonthdate(changed_at):O",
                title="changed at (as-of date)",
                axis=alt.Axis(format="%Y-%m-%d", labelAngle=-35, labelOverlap=False),
            ),
            y=alt.Y("sum(transitions):Q", title="customers changing segment"),
            color=alt.Color(
                "to_segment_name:N",
                title="into",
                sort=order,
                scale=alt.Scale(scheme="tableau20"),
            ),
            tooltip=[
                alt.Tooltip("yearmonthdate(changed_at):T", title="Changed at"),
                alt.Tooltip("to_segment_name:N", title="Into"),
                alt.Tooltip("source:N"),
                alt.Tooltip("sum(transitions):Q", title="Customers", format=",.0f"),
            ],
        ),
        height=320,
    )
    st.subheader("Most frequent moves")
    frequent = (
        moves.groupby(["from_segment_name", "to_segment_name"], as_index=False)["transitions"]
        .sum()
        .sort_values("transitions", ascending=False)
        .head(15)
    )
    st.dataframe(
        frequent,
        hide_index=True,
        height=shared.table_height(len(frequent)),
        column_config={
            "from_segment_name": st.column_config.TextColumn("From"),
            "to_segment_name": st.column_config.TextColumn("To"),
            "transitions": st.column_config.NumberColumn("Changes", format="%,d"),
        },
    )
