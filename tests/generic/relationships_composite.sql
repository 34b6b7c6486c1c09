{#
    Every combination of `columns` in the model exists as `to_columns` in
    `to` (a multi-column relationships test). Rows with a null in any of the
    columns are not checked, as in dbt's relationships test. Returns the
    combinations that are missing in `to`.
#}
{% test relationships_composite(model, columns, to, to_columns) %}

select distinct
    {% for column in columns %}
        child.{{ column }}{{ ',' if not loop.last }}
    {% endfor %}
from {{ model }} as child
left join {{ to }} as parent
    on
    {% for column in columns %}
        child.{{ column }} = parent.{{ to_columns[loop.index0] }}
        {% if not loop.last %}and{% endif %}
    {% endfor %}
where
    parent.{{ to_columns[0] }} is null
    {% for column in columns %}
        and child.{{ column }} is not null
    {% endfor %}

{% endtest %}
