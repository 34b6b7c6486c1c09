{#
    Why a customer is in their RFM segment: 'R=5, F=4, M=3', or 'no purchase
    in the scoring window' when the scores are null.
#}
{% macro rfm_segment_reason(r_score, f_score, m_score) -%}
    case
        when {{ r_score }} is null
            then 'no purchase in the scoring window'
        else
            'R=' || cast({{ r_score }} as {{ dbt.type_string() }})
            || ', F=' || cast({{ f_score }} as {{ dbt.type_string() }})
            || ', M=' || cast({{ m_score }} as {{ dbt.type_string() }})
    end
{%- endmacro %}
