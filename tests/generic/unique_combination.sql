{#
    The combination of `columns` is unique in the model. Returns one row per
    duplicated combination; a combination with a null in it is still compared
    (null values group together), which is stricter than a unique constraint.
#}
{% test unique_combination(model, columns) %}

select
    {{ columns | join(', ') }},
    count(*) as occurrences
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1

{% endtest %}
