{#
    Every row satisfies the boolean SQL `expression`. Returns the rows where it
    is false or null (a null result fails: write `coalesce(...)` or an explicit
    `is null or ...` when null is acceptable). An optional `where` narrows
    the rows checked.
#}
{% test expression_is_true(model, expression, column_name=none, where=none) %}

select *
from {{ model }}
where not coalesce({{ expression }}, false)
{% if where %}
    and ({{ where }})
{% endif %}

{% endtest %}
