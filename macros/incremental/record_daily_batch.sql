{#
    on-run-start hook: record, before any model runs, the lookback window
    each large incremental table (daily_batch_tables) is about to reprocess:
    its latest row minus var incremental_lookback_days, the cutoff its
    incremental run uses (incremental_cutoff). Recorded on an incremental
    build or run only: not with --full-refresh, not with var as_of_date set
    (every row is recomputed), not on Spark (those tables are rebuilt
    whole), and only for tables that already exist. A `dbt test` on its own
    records nothing. A test's `where` on such a table (see
    daily_batch_tables) then keeps the rows dated from the recorded cutoff,
    and every row when none is recorded (full builds, `dbt test`). Other
    commands leave the record as it is.
#}
{% macro record_daily_batch() %}
    {% if not execute or flags.WHICH not in ['build', 'run', 'test'] %}
        {{ return('') }}
    {% endif %}
    {% set incremental = flags.WHICH in ['build', 'run']
        and not flags.FULL_REFRESH
        and not setting('as_of_date')
        and incremental_materialization() == 'incremental' %}
    {% set rows = [] %}
    {% if incremental %}
        {% set tables = daily_batch_tables() %}
        {% for node in graph.nodes.values() | sort(attribute='name')
            if node.resource_type == 'model'
            and node.package_name == project_name
            and node.name in tables
            %}
            {% set relation = adapter.get_relation(
                database=node.database, schema=node.schema, identifier=node.alias
            ) %}
            {% if relation is not none %}
                {% set spec = tables[node.name] %}
                {% do rows.append(
                    'select ' ~ sql_literal(node.name) ~ ' as model_name, '
                    ~ dbt.dateadd(
                        'day',
                        sql_literal(-1 * setting('incremental_lookback_days')),
                        'max(' ~ spec.column ~ ')',
                    ) ~ ' as batch_cutoff from ' ~ relation
                    ~ ' where ' ~ spec.get('where', '1 = 1')
                ) %}
            {% endif %}
        {% endfor %}
    {% endif %}
    {% set relation = daily_batch_relation() %}
    {% do adapter.drop_relation(relation) %}
    {% call statement('record_daily_batch') %}
        create table {{ relation }} as
        select
            cast(model_name as {{ dbt.type_string() }}) as model_name,
            cast(
                batch_cutoff as {{ api.Column.translate_type('timestamp') }}
            ) as batch_cutoff
        from (
            {% for row in rows %}
                {{ row }}
                union all
            {% endfor %}
            select
                cast(null as {{ dbt.type_string() }}) as model_name,
                cast(null as {{ api.Column.translate_type('timestamp') }})
                    as batch_cutoff
        ) as windows
        where model_name is not null and batch_cutoff is not null
    {% endcall %}
    {% do adapter.commit() %}
    {% if rows %}
        {{ log('Daily batch: tests of ' ~ rows | length ~ ' incremental tables'
            ~ ' check the rows of the lookback window (docs/performance.md).',
            info=true) }}
    {% endif %}
{% endmacro %}
