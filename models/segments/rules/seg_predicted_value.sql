-- Predicted value: one row per customer, by predicted CLV over var
-- clv_horizon_days (seg_clv_predictions, docs/predicted_value.md).
-- likely_lost: P(no purchase over the horizon) >= var
-- predicted_value_lost_p_no_purchase. The other scored customers are ranked
-- by predicted CLV with cume_dist (ties share a tier, as in seg_value_tier):
-- top_10_percent (<= var predicted_value_top_share), high (<=
-- predicted_value_high_share), medium, low (the bottom
-- predicted_value_low_share). none: no prediction (no completed purchase, or
-- the fit did not converge, or not fitted on Spark), with the reason.
{%- set top_share = sql_literal(setting('predicted_value_top_share')) %}
{%- set high_share = sql_literal(setting('predicted_value_high_share')) %}
{%- set low_share = sql_literal(setting('predicted_value_low_share')) %}
{%- set lost = sql_literal(setting('predicted_value_lost_p_no_purchase')) %}

with

predictions as (
    select
        customer_id,
        p_no_purchase,
        predicted_clv,
        prediction_reason
    from {{ ref('seg_clv_predictions') }}
),

flagged as (
    select
        customer_id,
        p_no_purchase,
        predicted_clv,
        prediction_reason,
        predicted_clv is not null and p_no_purchase >= {{ lost }} as is_lost,
        predicted_clv is not null and p_no_purchase < {{ lost }} as is_ranked
    from predictions
),

ranked as (
    select
        customer_id,
        p_no_purchase,
        predicted_clv,
        prediction_reason,
        is_lost,
        case
            when is_ranked
                then cume_dist() over (
                        partition by is_ranked
                        order by predicted_clv desc
                    )
        end as clv_top_share
    from flagged
),

final as (
    select
        customer_id,
        predicted_clv,
        p_no_purchase,
        clv_top_share,
        case
            when predicted_clv is null then 'none'
            when is_lost then 'likely_lost'
            when clv_top_share <= {{ top_share }} then 'top_10_percent'
            when clv_top_share <= {{ high_share }} then 'high'
            when clv_top_share <= 1 - {{ low_share }} then 'medium'
            else 'low'
        end as segment,
        case
            when predicted_clv is null then prediction_reason
            when is_lost
                then 'no purchase expected over the horizon with probability '
                    || cast(round(p_no_purchase, 3) as {{ dbt.type_string() }})
            else
                'in the top '
                || cast(
                    round(clv_top_share * 100, 1) as {{ dbt.type_string() }}
                )
                || '% of customers by predicted CLV'
        end as segment_reason
    from ranked
)

select * from final
