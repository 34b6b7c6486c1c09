-- How big is every segment and how much revenue does it bring?
select
    segmentation,
    segment_name,
    customers,
    round(100 * customer_share, 1) as pct_customers,
    round(revenue, 2) as revenue,
    round(100 * revenue_share, 1) as pct_revenue,
    round(homogeneity_ratio, 2) as homogeneity_ratio
from {{ ref('rpt_segment_summary') }}
order by segmentation asc, sort_order asc
