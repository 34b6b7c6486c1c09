-- The RFM grid: recency score down, frequency score across, customers in
-- each cell (as in the heatmap fed by rpt_rfm_grid).
with

grid as (
    select
        r_score,
        f_score,
        customers
    from {{ ref('rpt_rfm_grid') }}
)

select
    r_score,
    sum(case when f_score = 1 then customers else 0 end) as f1,
    sum(case when f_score = 2 then customers else 0 end) as f2,
    sum(case when f_score = 3 then customers else 0 end) as f3,
    sum(case when f_score = 4 then customers else 0 end) as f4,
    sum(case when f_score = 5 then customers else 0 end) as f5
from grid
group by r_score
order by r_score desc
