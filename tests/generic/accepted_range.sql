{#
    Values of `column_name` lie in [min_value, max_value] (either bound may be
    omitted; `inclusive: false` makes both strict). Nulls are not checked: add
    not_null where they are not allowed. Returns the offending rows.
#}
{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}

select {{ column_name }}
from {{ model }}
where {{ column_name }} is not null
    and (
        1 = 0
        {% if min_value is not none %}
        or {{ column_name }} {{ '<' if inclusive else '<=' }} {{ min_value }}
        {% endif %}
        {% if max_value is not none %}
        or {{ column_name }} {{ '>' if inclusive else '>=' }} {{ max_value }}
        {% endif %}
    )

{% endtest %}
