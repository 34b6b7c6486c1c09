-- Every segmentation in long form: one row per customer and segmentation.
-- Adding a segmentation = a seg_<name> model with customer_id, segment and
-- segment_reason, its name in macro segmentations(), a row in
-- seeds/segmentations.csv and its segments in seeds/segment_catalog.csv.
{%- set as_of_date = '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')' %}
{%- set segmentations = segmentations() %}

with

{% for segmentation in segmentations %}
    {{ segmentation }} as (
        select
            customer_id,
            '{{ segmentation }}' as segmentation,
            segment,
            segment_reason
        from {{ ref('seg_' ~ segmentation) }}
    ),

{% endfor %}

unioned as (
    {% for segmentation in segmentations %}
        select
            customer_id,
            segmentation,
            segment,
            segment_reason
        from {{ segmentation }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select
        customer_id,
        segmentation,
        segment,
        segment_reason,
        {{ as_of_date }} as as_of_date
    from unioned
)

select * from final
