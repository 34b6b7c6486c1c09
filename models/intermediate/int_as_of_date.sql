-- The as-of date of this build (one row): var('as_of_date') when given, else
-- the date of the latest valid order. Every date rule reads it through the
-- macro as_of_date().
with

orders as (
    select ordered_at
    from {{ ref('stg_shop__orders') }}
),

final as (
    select
        {% if var('as_of_date') %}
            cast('{{ var("as_of_date") }}' as date) as as_of_date,
        {% else %}
            cast(max(ordered_at) as date) as as_of_date,
        {% endif %}
        {{ var('as_of_date') is not none and var('as_of_date') != '' }}
            as is_set_by_var
    from orders
)

select * from final
