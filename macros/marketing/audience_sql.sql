{#
    Compiles one audience (an entry of audiences()) to a select over the
    customers relation (dim_customers columns) joined to the consent
    relation (int_customers__consent): one row per customer matching every
    include rule (all listed segmentations, any of their segments; all
    conditions), with
      match_reason        'in rfm=champions; completed_revenue >= 100'
      exclusion_reason    the first exclude rule that matches, else null
      suppression_reason  audience_suppression_reason for the channel
      is_in_holdout_group hash_fraction(audience name, customer_id) below
                          the holdout share: stable across builds and
                          independent of every other customer.
    Customers who asked to be erased are left out here too. A condition on
    a missing (null) value does not hold.
#}
{% macro audience_sql(audience, customers='customers', consent='consent') -%}
    {%- set include_sql = [] -%}
    {%- set include_reasons = [] -%}
    {%- for segmentation, names in audience.include.segments.items() -%}
        {%- do include_sql.append(customers ~ '.' ~ segmentation ~ '_segment in ' ~ sql_literal(names)) -%}
        {%- do include_reasons.append(sql_literal(segmentation ~ '=') ~ ' || ' ~ customers ~ '.' ~ segmentation ~ '_segment') -%}
    {%- endfor -%}
    {%- for condition in audience.include.conditions -%}
        {%- do include_sql.append(audience_condition(condition, customers)) -%}
        {%- do include_reasons.append(sql_literal(audience_condition(condition))) -%}
    {%- endfor -%}
    {%- set exclusions = [] -%}
    {%- for segmentation, names in audience.exclude.segments.items() -%}
        {%- do exclusions.append({
            'sql': customers ~ '.' ~ segmentation ~ '_segment in ' ~ sql_literal(names),
            'reason': sql_literal('excluded: ' ~ segmentation ~ '=') ~ ' || ' ~ customers ~ '.' ~ segmentation ~ '_segment',
        }) -%}
    {%- endfor -%}
    {%- for condition in audience.exclude.conditions -%}
        {%- do exclusions.append({
            'sql': audience_condition(condition, customers),
            'reason': sql_literal('excluded: ' ~ audience_condition(condition)),
        }) -%}
    {%- endfor %}
    select
        {{ sql_literal(audience.name) }} as audience,
        {{ sql_literal(audience.channel) }} as channel,
        {{ sql_literal(audience.priority) }} as priority,
        cast({{ sql_literal(audience.holdout_share) }} as double) as holdout_share,
        {{ customers }}.customer_id,
        'in ' || {{ include_reasons | join(" || '; ' || ") }} as match_reason,
        {% if exclusions -%}
        case
            {% for exclusion in exclusions -%}
            when {{ exclusion.sql }} then {{ exclusion.reason }}
            {% endfor -%}
        end
        {%- else -%}
        cast(null as {{ dbt.type_string() }})
        {%- endif %} as exclusion_reason,
        {{ audience_suppression_reason(audience.channel, customers, consent) }}
            as suppression_reason,
        {{ hash_fraction(sql_literal(audience.name ~ ':') ~ ' || ' ~ customers ~ '.customer_id') }}
        < {{ sql_literal(audience.holdout_share) }} as is_in_holdout_group
    from {{ customers }}
    inner join {{ consent }}
        on {{ customers }}.customer_id = {{ consent }}.customer_id
    where
        not {{ consent }}.is_erasure_requested
        {% for predicate in include_sql -%}
        and {{ predicate }}
        {% endfor %}
{%- endmacro %}
