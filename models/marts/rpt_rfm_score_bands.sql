-- Where the RFM cut points fell: one row per measure (recency_days,
-- frequency, monetary) and score 1-5, with the lowest and highest value of
-- the measure among the customers with that score, how many they are and
-- their share of the scored customers. Every score has a row: a score is
-- empty (zero customers, no values) when a value held by more than a fifth
-- of the customers covers it, e.g. F = 2 and 3 when most customers bought
-- once (see seg_rfm). For recency a higher score means fewer days.
-- Customers who asked to be erased are left out, as in rpt_rfm_grid.
with

rfm as (
    select
        customer_id,
        recency_days,
        frequency,
        monetary,
        r_score,
        f_score,
        m_score
    from {{ ref('seg_rfm') }}
    where r_score is not null
),

not_erased as (
    select customer_id
    from {{ ref('int_customers__not_erased') }}
),

score_values as (
    select distinct r_score as score
    from {{ ref('rfm_segment_map') }}
),

scores as (
    select
        rfm.customer_id,
        rfm.recency_days,
        rfm.frequency,
        rfm.monetary,
        rfm.r_score,
        rfm.f_score,
        rfm.m_score
    from rfm
    inner join not_erased
        on rfm.customer_id = not_erased.customer_id
),

measure_scores as (
    select
        'recency_days' as measure,
        r_score as score,
        cast(recency_days as decimal(18, 2)) as measure_value
    from scores
    union all
    select
        'frequency' as measure,
        f_score as score,
        cast(frequency as decimal(18, 2)) as measure_value
    from scores
    union all
    select
        'monetary' as measure,
        m_score as score,
        cast(monetary as decimal(18, 2)) as measure_value
    from scores
),

measures as (
    select
        'recency_days' as measure,
        1 as sort_order
    union all
    select
        'frequency' as measure,
        2 as sort_order
    union all
    select
        'monetary' as measure,
        3 as sort_order
),

per_band as (
    select
        measure,
        score,
        min(measure_value) as min_value,
        max(measure_value) as max_value,
        count(*) as customers
    from measure_scores
    group by measure, score
),

totals as (
    select count(*) as scored_customers
    from scores
),

final as (
    select
        measures.measure,
        measures.sort_order as measure_order,
        cast(score_values.score as integer) as score,
        per_band.min_value,
        per_band.max_value,
        coalesce(per_band.customers, 0) as customers,
        cast(coalesce(per_band.customers, 0) as double)
        / nullif(totals.scored_customers, 0) as customer_share
    from measures
    cross join score_values
    cross join totals
    left join per_band
        on
            measures.measure = per_band.measure
            and score_values.score = per_band.score
)

select * from final
