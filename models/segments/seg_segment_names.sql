-- The display name of every segment code: one row per segmentation and
-- segment, for every code in the catalog (seeds/segment_catalog.csv), in
-- the fitted clusters (seg_cluster) and in the segment history
-- (seg_membership_history, which holds the current memberships too). The
-- one place of the rule "cluster name, else catalog name, else the code":
-- clusters are named when they are fitted, and the generated name replaces
-- the catalog's generic 'Cluster <id>'. Marts read names from here.
with

catalog as (
    select
        segmentation,
        segment,
        segment_name
    from {{ ref('segment_catalog') }}
),

cluster_names as (
    select distinct
        segment,
        cluster_name
    from {{ ref('seg_cluster') }}
),

history as (
    select distinct
        segmentation,
        segment
    from {{ ref('seg_membership_history') }}
),

codes as (
    select
        segmentation,
        segment
    from catalog
    union
    select
        'cluster' as segmentation,
        segment
    from cluster_names
    union
    select
        segmentation,
        segment
    from history
),

final as (
    select
        codes.segmentation,
        codes.segment,
        coalesce(
            cluster_names.cluster_name, catalog.segment_name, codes.segment
        ) as segment_name
    from codes
    left join catalog
        on
            codes.segmentation = catalog.segmentation
            and codes.segment = catalog.segment
    left join cluster_names
        on
            codes.segmentation = 'cluster'
            and codes.segment = cluster_names.segment
)

select * from final
