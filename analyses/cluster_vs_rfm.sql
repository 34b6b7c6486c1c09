-- Clusters against RFM segments: customers in each cluster (rows, with the
-- generated name) and RFM segment (columns), and the share of the cluster in
-- its most common RFM segment. A cluster spread over many RFM segments
-- groups customers that RFM keeps apart; several clusters within one RFM
-- segment split what RFM lumps together.
with

memberships as (
    select
        customer_id,
        segmentation,
        segment,
        segment_name
    from {{ ref('fct_customer_segments') }}
),

pairs as (
    select
        clusters.segment as cluster_segment,
        clusters.segment_name as cluster_name,
        rfm.segment as rfm_segment,
        count(*) as customers
    from memberships as clusters
    inner join memberships as rfm
        on clusters.customer_id = rfm.customer_id
    where
        clusters.segmentation = 'cluster'
        and rfm.segmentation = 'rfm'
    group by clusters.segment, clusters.segment_name, rfm.segment
),

with_purity as (
    select
        cluster_segment,
        cluster_name,
        rfm_segment,
        customers,
        round(
            max(customers) over (partition by cluster_segment)
            * 1.0
            / sum(customers) over (partition by cluster_segment),
            2
        ) as main_rfm_segment_share
    from pairs
)

pivot with_purity
on rfm_segment
using sum(customers)
order by length(cluster_segment), cluster_segment
