{#-
    One row per raw table, column and reason with at least one staged row
    whose value in that column was unusable and is null in staging.
-#}
with

field_issues as (
    select
        source_table,
        record_key,
        column_name,
        reason_code
    from {{ ref('stg_shop__field_issues') }}
),

final as (
    select
        source_table,
        column_name,
        reason_code,
        count(*) as affected_rows,
        min(record_key) as example_record_key
    from field_issues
    group by source_table, column_name, reason_code
)

select * from final
