-- Every segment named in an audience's include or exclude rules (var
-- audiences) exists in the segment catalog: a misspelt segment would
-- otherwise silently give an empty audience. Returns the unknown ones.
{%- set pairs = [] %}
{%- for audience in audiences() %}
    {%- for part in ['include', 'exclude'] %}
        {%- for segmentation, names in audience[part].segments.items() %}
            {%- for name in names %}
                {%- do pairs.append(
                    [audience.name, part, segmentation, name]
                ) %}
            {%- endfor %}
        {%- endfor %}
    {%- endfor %}
{%- endfor %}

with

catalog as (
    select
        segmentation,
        segment
    from {{ ref('segment_catalog') }}
),

named as (
    {% if pairs %}
        {% for pair in pairs %}
            select
                {{ sql_literal(pair[0]) }} as audience,
                {{ sql_literal(pair[1]) }} as rule_part,
                {{ sql_literal(pair[2]) }} as segmentation,
                {{ sql_literal(pair[3]) }} as segment
            {% if not loop.last %}union all{% endif %}
        {% endfor %}
    {% else %}
        select
            cast(null as {{ dbt.type_string() }}) as audience,
            cast(null as {{ dbt.type_string() }}) as rule_part,
            cast(null as {{ dbt.type_string() }}) as segmentation,
            cast(null as {{ dbt.type_string() }}) as segment
        where false
    {% endif %}
)

select
    named.audience,
    named.rule_part,
    named.segmentation,
    named.segment
from named
left join catalog
    on
        named.segmentation = catalog.segmentation
        and named.segment = catalog.segment
where catalog.segment is null
