{#- One row per raw table: rows received, staged and quarantined. -#}
{%- set tables = shop_tables().keys() | list %}

with

quarantine as (
    select
        source_table,
        is_data_error
    from {{ ref('stg_shop__quarantine') }}
),

staged as (
    {% for table in tables %}
        select
            '{{ table }}' as source_table,
            count(*) as staged_rows
        from {{ ref('stg_shop__' ~ table) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

quarantined as (
    select
        source_table,
        count(*) as quarantined_rows,
        sum(case when is_data_error then 1 else 0 end) as error_rows
    from quarantine
    group by source_table
),

final as (
    select
        staged.source_table,
        staged.staged_rows,
        staged.staged_rows
        + coalesce(quarantined.quarantined_rows, 0) as raw_rows,
        coalesce(quarantined.quarantined_rows, 0) as quarantined_rows,
        coalesce(quarantined.error_rows, 0) as error_rows,
        case
            when staged.staged_rows + coalesce(quarantined.quarantined_rows, 0)
                = 0
                then 0.0
            else
                cast(coalesce(quarantined.error_rows, 0) as double)
                / (
                    staged.staged_rows
                    + coalesce(quarantined.quarantined_rows, 0)
                )
        end as error_share
    from staged
    left join quarantined
        on staged.source_table = quarantined.source_table
)

select * from final
