-- seeds/segmentations.csv lists exactly the segmentations the project builds
-- (macro segmentations()), and the catalog describes every one of them.
with

built as (
    {% for segmentation in segmentations() %}
        select '{{ segmentation }}' as segmentation
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

documented as (
    select segmentation
    from {{ ref('segmentations') }}
),

cataloged as (
    select distinct segmentation
    from {{ ref('segment_catalog') }}
)

select
    coalesce(built.segmentation, documented.segmentation) as segmentation,
    'built but not in seeds/segmentations.csv, or the reverse' as problem
from built
full outer join documented on built.segmentation = documented.segmentation
where built.segmentation is null or documented.segmentation is null

union all

select
    built.segmentation,
    'no segments in seeds/segment_catalog.csv' as problem
from built
left join cataloged on built.segmentation = cataloged.segmentation
where cataloged.segmentation is null
