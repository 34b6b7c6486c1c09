"""Audiences: who each campaign reaches, who is held out, and why the others are not
(rpt_audience_summary)."""

from __future__ import annotations

import altair as alt
import shared
import streamlit as st

# included = excluded + suppressed + holdout + sent + treatment_not_sent
OUTCOMES = {
    "sent": "sent (treatment)",
    "treatment_not_sent": "treatment, sent another audience",
    "holdout": "holdout (control)",
    "excluded": "excluded by the audience's rules",
    "suppressed": "suppressed (consent, deliverability)",
}
REASONS = {
    "suppressed_no_consent": "no consent",
    "suppressed_unsubscribed": "unsubscribed",
    "suppressed_bounced": "bounced",
    "suppressed_complained": "complained",
    "suppressed_data_sale_opt_out": "data sale opt-out",
    "suppressed_no_contact": "no contact",
}

st.title("Audiences")
audiences = shared.load_or_stop("audiences")["audiences"]
st.caption(
    "Each audience of var audiences: customers matching its include rules, minus its "
    "exclusions and the built-in suppressions, split into treatment and a holdout "
    "(control) group; on each channel a customer is sent from the highest-priority "
    f"audience only. {shared.as_of_caption(audiences['as_of_date'])}"
)
if audiences.empty:
    st.info("No audiences are defined (var audiences in dbt_project.yml).")
    st.stop()

columns = st.columns(4)
columns[0].metric("Audiences", shared.count(len(audiences)))
columns[1].metric("Sent", shared.count(audiences["sent"].sum()))
columns[2].metric("Holdout", shared.count(audiences["holdout"].sum()))
columns[3].metric("Suppressed", shared.count(audiences["suppressed"].sum()))

st.subheader("Where the included customers go")
outcomes = audiences.melt(
    id_vars=["audience"], value_vars=list(OUTCOMES), var_name="outcome", value_name="customers"
)
outcomes["outcome_rank"] = outcomes["outcome"].map({o: i for i, o in enumerate(OUTCOMES)})
outcomes["outcome"] = outcomes["outcome"].map(OUTCOMES)
order = audiences["audience"].tolist()
shared.chart(
    alt.Chart(outcomes)
    .mark_bar()
    .encode(
        y=alt.Y("audience:N", sort=order, title=None, axis=alt.Axis(labelLimit=300)),
        x=alt.X("customers:Q", title="customers included"),
        color=alt.Color(
            "outcome:N",
            sort=list(OUTCOMES.values()),
            title=None,
            scale=alt.Scale(
                domain=list(OUTCOMES.values()),
                range=["#2e7d32", "#a5d6a7", "#f9a825", "#9e9e9e", "#c62828"],
            ),
            legend=alt.Legend(orient="bottom", columns=3, labelLimit=300),
        ),
        order=alt.Order("outcome_rank:Q"),
        tooltip=["audience", "outcome", alt.Tooltip("customers:Q", format=",.0f")],
    ),
    step=36,
)

st.subheader("Sizes and holdout")
st.dataframe(
    audiences[
        [
            "audience",
            "channel",
            "priority",
            "included",
            "excluded",
            "suppressed",
            "eligible",
            "treatment",
            "holdout",
            "holdout_share",
            "holdout_share_actual",
            "sent",
            "treatment_not_sent",
            "audience_description",
        ]
    ],
    hide_index=True,
    height=shared.table_height(len(audiences)),
    column_config={
        "audience": st.column_config.TextColumn("Audience"),
        "channel": st.column_config.TextColumn("Channel"),
        "priority": st.column_config.NumberColumn("Priority"),
        "included": st.column_config.NumberColumn("Included", format="%,d"),
        "excluded": st.column_config.NumberColumn("Excluded", format="%,d"),
        "suppressed": st.column_config.NumberColumn("Suppressed", format="%,d"),
        "eligible": st.column_config.NumberColumn("Eligible", format="%,d"),
        "treatment": st.column_config.NumberColumn("Treatment", format="%,d"),
        "holdout": st.column_config.NumberColumn("Holdout", format="%,d"),
        "holdout_share": st.column_config.NumberColumn("Holdout share set", format="percent"),
        "holdout_share_actual": st.column_config.NumberColumn(
            "Holdout share actual", format="percent"
        ),
        "sent": st.column_config.NumberColumn("Sent", format="%,d"),
        "treatment_not_sent": st.column_config.NumberColumn("Treatment not sent", format="%,d"),
        "audience_description": st.column_config.TextColumn("What for", width="large"),
    },
)

st.subheader("Why customers are suppressed")
reasons = audiences.melt(
    id_vars=["audience", "channel"],
    value_vars=list(REASONS),
    var_name="reason",
    value_name="customers",
)
reasons = reasons[reasons["customers"] > 0].assign(reason=lambda f: f["reason"].map(REASONS))
if reasons.empty:
    st.info("Nobody is suppressed in any audience.")
else:
    shared.chart(
        alt.Chart(reasons)
        .mark_bar()
        .encode(
            y=alt.Y("audience:N", sort=order, title=None, axis=alt.Axis(labelLimit=300)),
            x=alt.X("customers:Q", title="customers suppressed"),
            color=alt.Color(
                "reason:N",
                title=None,
                sort=list(REASONS.values()),
                scale=alt.Scale(domain=list(REASONS.values()), scheme="set2"),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=["audience", "channel", "reason", alt.Tooltip("customers:Q", format=",.0f")],
        ),
        step=36,
    )
