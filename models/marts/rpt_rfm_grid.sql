-- The RFM grid for a heatmap: one row per recency score x frequency score
-- (all 25 cells, empty ones with zero customers), with customers, revenue
-- and the most common named segment in the cell (cells mix segments only
-- where the monetary score decides, e.g. at_risk vs cant_lose_them).
-- Customers who asked to be erased are left out, as in dim_customers.
with

rfm as (
    select
        customer_id,
        r_score,
        f_score,
        monetary,
        segment
    from {{ ref('seg_rfm') }}
    where r_score is not null
),

not_erased as (
    select customer_id
    from {{ ref('int_customers__not_erased') }}
),

scores as (
    select
        rfm.customer_id,
        rfm.r_score,
        rfm.f_score,
        rfm.monetary,
        rfm.segment
    from rfm
    inner join not_erased
        on rfm.customer_id = not_erased.customer_id
),

cells as (
    select distinct
        r_score,
        f_score
    from {{ ref('rfm_segment_map') }}
),

per_cell as (
    select
        r_score,
        f_score,
        count(*) as customers,
        sum(monetary) as revenue
    from scores
    group by r_score, f_score
),

segment_counts as (
    select
        r_score,
        f_score,
        segment,
        row_number() over (
            partition by r_score, f_score
            order by count(*) desc, segment asc
        ) as segment_rank
    from scores
    group by r_score, f_score, segment
),

totals as (
    select
        count(*) as all_customers,
        sum(monetary) as all_revenue
    from scores
),

final as (
    select
        cells.r_score,
        cells.f_score,
        segment_counts.segment as main_segment,
        cast(coalesce(per_cell.revenue, 0) as decimal(18, 2)) as revenue,
        coalesce(per_cell.customers, 0) as customers,
        cast(coalesce(per_cell.customers, 0) as double)
        / nullif(totals.all_customers, 0) as customer_share,
        cast(coalesce(per_cell.revenue, 0) as double)
        / nullif(totals.all_revenue, 0) as revenue_share,
        cast(per_cell.revenue as double)
        / nullif(per_cell.customers, 0) as revenue_per_customer
    from cells
    cross join totals
    left join per_cell
        on
            cells.r_score = per_cell.r_score
            and cells.f_score = per_cell.f_score
    left join segment_counts
        on
            cells.r_score = segment_counts.r_score
            and cells.f_score = segment_counts.f_score
            and segment_counts.segment_rank = 1
)

select * from final
