-- Features see nothing after the as-of date: returns orders that do.
select
    order_id,
    order_date
from {{ ref('int_orders__enriched') }}
where order_date > {{ as_of_date() }}
