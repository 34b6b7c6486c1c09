{#
    Events dated after this are impossible ('future_date'): the build's clock
    plus one day of tolerance for time zones. Only obviously wrong dates reach
    it; the as-of date (var as_of_date) decides what counts as "today" for
    every business rule.
#}
{% macro future_cutoff() -%}
    {{ dbt.dateadd('day', 1, 'cast(' ~ dbt.current_timestamp() ~ ' as ' ~ api.Column.translate_type('timestamp') ~ ')') }}
{%- endmacro %}
