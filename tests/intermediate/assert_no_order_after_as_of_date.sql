-- Features see nothing after the as-of date: returns orders that do.
{%- set as_of_date = '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')' %}
select
    order_id,
    order_date
from {{ ref('int_orders__enriched') }}
where order_date > {{ as_of_date }}
