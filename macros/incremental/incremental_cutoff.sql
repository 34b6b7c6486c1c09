{#
    The earliest event time an incremental run reprocesses: the latest
    `timestamp_column` already in the model (rows matching `where`) minus
    var('incremental_lookback_days'), so rows arriving up to that many days
    late are still picked up. On an empty model: a date before any data.
    Only meaningful inside an `is_incremental()` branch.
#}
{% macro incremental_cutoff(timestamp_column, where='1 = 1') -%}
    coalesce(
        (
            select
                {{ dbt.dateadd(
                    'day',
                    sql_literal(-1 * setting('incremental_lookback_days')),
                    'max(' ~ timestamp_column ~ ')',
                ) }}
            from {{ this }}
            where {{ where }}
        ),
        cast('1900-01-01' as {{ api.Column.translate_type('timestamp') }})
    )
{%- endmacro %}
