-- RFM segmentation: one row per customer.
-- Recency = days from the last purchase to the as-of date, frequency =
-- purchases, monetary = completed revenue (reporting currency), over all
-- history or the last var rfm_window_days days. Scores 1-5 (5 best):
--   quintile   (default) each measure on its own: the score is the fifth
--              of the scored customers that are strictly worse on it,
--              1 + floor(5 * (rank - 1) / n) with rank() from worst to best
--              (ties share the lowest rank) among the n customers scored.
--              Equal measures get equal scores, a better measure never
--              scores lower, and neither customer_id nor the other two
--              measures play any part. A value held by more than a fifth of
--              the customers covers one score, the one its lowest rank
--              reaches: when 60% bought once, every one-time buyer has F = 1
--              and F = 2 and 3 are empty. rpt_rfm_score_bands shows where
--              the cut points fell;
--   thresholds fixed cut points from var rfm_thresholds.
-- Scoring lives in macro rfm_scores, shared with the reconstructed
-- history (seg_reconstructed_history). The R-F-M code maps to a named
-- segment through the rfm_segment_map seed.
-- Customers without a purchase in the window are 'unknown'.
{%- set as_of_date = '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')' %}
{%- set window_days = setting('rfm_window_days') %}

with

customers as (
    select customer_id
    from {{ ref('int_customers__resolved') }}
),

purchases as (
    select
        customer_id,
        order_date,
        revenue_amount
    from {{ ref('int_orders__enriched') }}
    where
        is_completed
    {% if window_days %}
            and order_date > {{ dbt.dateadd('day', -window_days, as_of_date) }}
        {% endif %}
),

segment_map as (
    select
        r_score,
        f_score,
        m_score,
        rfm_segment
    from {{ ref('rfm_segment_map') }}
),

measures as (
    select
        customer_id,
        {{ dbt.datediff('max(order_date)', as_of_date, 'day') }}
            as recency_days,
        count(*) as frequency,
        cast(sum(revenue_amount) as decimal(18, 2)) as monetary
    from purchases
    group by customer_id
),

scored as (
    select
        customer_id,
        recency_days,
        frequency,
        monetary,
        {{ rfm_scores() }}
    from measures
),

final as (
    select
        customers.customer_id,
        scored.recency_days,
        scored.monetary,
        cast(scored.r_score as integer) as r_score,
        cast(scored.f_score as integer) as f_score,
        cast(scored.m_score as integer) as m_score,
        cast(coalesce(scored.frequency, 0) as integer) as frequency,
        case
            when scored.customer_id is not null
                then
                    cast(scored.r_score as {{ dbt.type_string() }})
                    || cast(scored.f_score as {{ dbt.type_string() }})
                    || cast(scored.m_score as {{ dbt.type_string() }})
        end as rfm_code,
        coalesce(segment_map.rfm_segment, 'unknown') as segment,
        {{ rfm_segment_reason(
            'scored.r_score', 'scored.f_score', 'scored.m_score'
        ) }} as segment_reason
    from customers
    left join scored
        on customers.customer_id = scored.customer_id
    left join segment_map
        on
            scored.r_score = segment_map.r_score
            and scored.f_score = segment_map.f_score
            and scored.m_score = segment_map.m_score
)

select * from final
