{#
    Why a customer is in their lifecycle stage: 'no purchase yet', or
    'last purchase 50 days ago; at risk after 40, lapsed after 90'.
#}
{% macro lifecycle_segment_reason(
    purchase_count,
    days_since_last_order,
    at_risk_after_days,
    lapsed_after_days
) -%}
    case
        when {{ purchase_count }} = 0 then 'no purchase yet'
        else
            'last purchase '
            || cast({{ days_since_last_order }} as {{ dbt.type_string() }})
            || ' days ago; at risk after '
            || cast(
                cast(round({{ at_risk_after_days }}) as integer)
                as {{ dbt.type_string() }}
            )
            || ', lapsed after '
            || cast(
                cast(round({{ lapsed_after_days }}) as integer)
                as {{ dbt.type_string() }}
            )
    end
{%- endmacro %}
