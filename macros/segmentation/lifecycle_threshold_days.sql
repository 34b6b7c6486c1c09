{#
    Days of silence after which a customer is at risk (threshold 'at_risk')
    or lapsed ('lapsed'): the customer's expected gap between purchases times
    var lifecycle_<threshold>_factor, kept within
    [var lifecycle_min_<threshold>_days, var lifecycle_max_<threshold>_days].
#}
{% macro lifecycle_threshold_days(expected_gap_days, threshold) -%}
    {%- if threshold not in ['at_risk', 'lapsed'] -%}
        {{ exceptions.raise_compiler_error(
            "lifecycle_threshold_days: threshold must be 'at_risk' or 'lapsed', not '"
            ~ threshold ~ "'"
        ) }}
    {%- endif -%}
    least(
        greatest(
            {{ expected_gap_days }}
            * {{ sql_literal(setting('lifecycle_' ~ threshold ~ '_factor')) }},
            {{ sql_literal(setting('lifecycle_min_' ~ threshold ~ '_days')) }}
        ),
        {{ sql_literal(setting('lifecycle_max_' ~ threshold ~ '_days')) }}
    )
{%- endmacro %}
