{#
    Every table's share of bad rows (int_data_quality__by_table) is at most
    var(`threshold_var`). Returns one row per table above it. With severity
    error the rows also stop the query with a message naming each table, its
    share and the way forward, because dbt would only report "Got N
    results": the one exception to "a test returns the failing rows".
#}
{% test quarantine_share_below(model, column_name, threshold_var) %}
{%- set threshold = setting(threshold_var) %}
{%- if threshold is not number or threshold < 0 or threshold > 1 %}
    {{ exceptions.raise_compiler_error(
        'var ' ~ threshold_var ~ ' must be a share between 0 and 1, got ' ~ threshold
    ) }}
{%- endif %}
{%- set stop = config.get('severity', 'error') | lower == 'error' %}

with

over_threshold as (
    select
        source_table,
        error_rows,
        raw_rows,
        {{ column_name }} as error_share
    from {{ model }}
    where {{ column_name }} > {{ sql_literal(threshold) }}
),

described as (
    select
        {{ dbt.listagg(
            dbt.concat([
                'source_table', "' '",
                'cast(round(100 * error_share, 1) as ' ~ dbt.type_string() ~ ')',
                "'% ('",
                'cast(error_rows as ' ~ dbt.type_string() ~ ')', "' of '",
                'cast(raw_rows as ' ~ dbt.type_string() ~ ')', "' rows)'",
            ]),
            "', '",
        ) }} as tables
    from over_threshold
),

final as (
    select
        over_threshold.source_table,
        over_threshold.error_rows,
        over_threshold.raw_rows,
        over_threshold.error_share
    from over_threshold
    cross join described
    {% if stop %}
        where {{ raise_error(dbt.concat([
            sql_literal('Share of bad rows above ' ~ threshold_var ~ ' ('
                ~ ((threshold * 100) | round(2)) ~ '%): '),
            'described.tables',
            sql_literal('. Their rows and reasons are in stg_shop__quarantine'
                ~ ' (int_data_quality__by_table counts them): correct them at the'
                ~ ' source, or raise var ' ~ threshold_var ~ ' to accept them.'),
        ])) }} is null
    {% endif %}
)

select * from final
{% endtest %}
