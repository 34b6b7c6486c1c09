-- The as-of date of this build (one row): var('as_of_date') when given, else
-- the date of the latest valid order. The one source of the date, with or
-- without the var: every model with a date rule refs this model itself
-- (`(select as_of_date from ref('int_as_of_date'))`), so the DAG is the same.
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
            -- no valid order: nothing to date the build by, stop saying so
            -- (coalesce evaluates the error only when the date is null)
            cast(
                coalesce(
                    latest_ordered_at,
                    {{ raise_error(sql_literal(
                        'No usable order: the raw table orders is empty'
                        ~ ' or every row was quarantined (see'
                        ~ ' stg_shop__quarantine, source_table orders),'
                        ~ ' so there is no as-of date to build by.'
                        ~ ' Load orders as in DATA_CONTRACT.md.'
                    )) }}
                ) as date
            ) as as_of_date,
        {% endif %}
        {{ sql_literal(setting('as_of_date') is not none) }} as is_set_by_var
    from latest
)

select * from final
