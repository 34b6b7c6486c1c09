-- The as-of date of this build (one row): var('as_of_date') when given, else
-- the date of the latest valid order. Every date rule reads it through the
-- macro as_of_date().
with

orders as (
    select ordered_at
    from {{ ref('stg_shop__orders') }}
),

-- one row whatever the var: the aggregate keeps it so
latest as (
    select max(ordered_at) as latest_ordered_at
    from orders
),

final as (
    select
        {% if setting('as_of_date') %}
            {{ date_literal(setting('as_of_date')) }} as as_of_date,
        {% else %}
            cast(latest_ordered_at as date) as as_of_date,
        {% endif %}
        {{ sql_literal(setting('as_of_date') is not none) }} as is_set_by_var
    from latest
)

select * from final
