-- The RFM map assigns every one of the 125 R-F-M codes exactly once (unique
-- codes are tested on the seed), and every named RFM segment of the catalog
-- is reachable from at least one code. Returns what is wrong.
with

codes as (
    select
        r_score,
        f_score,
        m_score,
        rfm_segment
    from {{ ref('rfm_segment_map') }}
),

catalog as (
    select segment
    from {{ ref('segment_catalog') }}
    where segmentation = 'rfm' and segment != 'unknown'
),

problems as (
    select
        'expected 125 codes, found '
        || cast(count(*) as {{ dbt.type_string() }}) as problem
    from codes
    having count(*) != 125

    union all

    select 'segment never reached: ' || catalog.segment as problem
    from catalog
    left join codes on catalog.segment = codes.rfm_segment
    where codes.rfm_segment is null

    union all

    select distinct
        'segment missing from the catalog: '
        || codes.rfm_segment as problem
    from codes
    left join catalog on codes.rfm_segment = catalog.segment
    where catalog.segment is null
)

select problem from problems
