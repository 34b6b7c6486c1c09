{#
    Snapshots on Spark tables without MERGE, such as the plain parquet tables
    of this project on a local Spark (dbt-spark's own snapshot accepts only
    Delta, Iceberg and Hudi tables, which update rows in place).

    The snapshot table is rewritten instead of merged into. dbt's staging
    query (snapshot_staging_table, the same as every adapter's) lists the
    versions to close ('update', 'delete') and the rows to add ('insert');
    the snapshot's rows, with those versions closed, plus the added rows are
    written to a work table, which then overwrites the snapshot (Spark
    cannot overwrite a table it is reading). The rows are those a MERGE
    would leave; every run rewrites the whole table, which suits the size of
    a segment history. Strategies, hard_deletes, dbt_valid_to_current and
    snapshot_table_column_names behave as in dbt; columns new in the query
    are added to the snapshot first. Like any overwrite of a parquet table
    the last step is not atomic: if it is interrupted, the new contents are
    still in the work table <snapshot>__dbt_rewrite (until the next run).
#}
{% materialization snapshot, adapter='spark' %}
    {%- set grant_config = config.get('grants') -%}
    {%- set target_relation_exists, target_relation = get_or_create_relation(
        database=none,
        schema=model.schema,
        identifier=model.get('alias', model.get('name')),
        type='table',
    ) -%}
    {%- if not target_relation.is_table -%}
        {% do exceptions.relation_wrong_type(target_relation, 'table') %}
    {%- endif -%}

    {{ run_hooks(pre_hooks, inside_transaction=False) }}
    {{ run_hooks(pre_hooks, inside_transaction=True) }}

    {%- set strategy = strategy_dispatch(config.get('strategy'))(
        model, 'snapshotted_data', 'source_data', model['config'], target_relation_exists
    ) -%}

    {% if not target_relation_exists %}

        {%- set build_sql = build_snapshot_table(strategy, model['compiled_code']) -%}
        {{ check_time_data_types(build_sql) }}
        {% call statement('main') %}
            {{ create_table_as(False, target_relation, build_sql) }}
        {% endcall %}

    {% else %}

        {%- set columns = config.get('snapshot_table_column_names')
            or get_snapshot_table_column_names() -%}
        {{ adapter.assert_valid_snapshot_target_given_strategy(
            target_relation, columns, strategy
        ) }}
        {%- set staging_sql = snapshot_staging_table(strategy, sql, target_relation) -%}
        {{ check_time_data_types(staging_sql) }}

        {#- columns new in the query: added to the snapshot, null in its old rows -#}
        {%- set bookkeeping = ['dbt_change_type', 'dbt_unique_key'] -%}
        {%- if strategy.unique_key is not string -%}
            {%- for key in strategy.unique_key -%}
                {%- do bookkeeping.append('dbt_unique_key_' ~ loop.index) -%}
            {%- endfor -%}
        {%- endif -%}
        {%- set existing = [] -%}
        {%- for column in adapter.get_columns_in_relation(target_relation) -%}
            {%- do existing.append(column.name | lower) -%}
        {%- endfor -%}
        {%- set staged_names = [] -%}
        {%- set new_columns = [] -%}
        {%- for column in get_column_schema_from_query(staging_sql)
            if column.name | lower not in bookkeeping -%}
            {%- do staged_names.append(column.name | lower) -%}
            {%- if column.name | lower not in existing -%}
                {%- do new_columns.append(column) -%}
            {%- endif -%}
        {%- endfor -%}
        {% if new_columns %}
            {% do create_columns(target_relation, new_columns) %}
        {% endif %}
        {%- set target_columns = adapter.get_columns_in_relation(target_relation) -%}

        {#- a temporary view, read once by the work table below -#}
        {%- set staging_relation = build_snapshot_staging_table(
            strategy, sql, target_relation
        ) -%}

        {%- set valid_to = columns.dbt_valid_to -%}
        {%- set scd_id = columns.dbt_scd_id -%}
        {%- set current_value = config.get('dbt_valid_to_current') -%}
        {%- set work_relation = target_relation.incorporate(
            path={'identifier': target_relation.identifier ~ '__dbt_rewrite'}
        ) -%}

        {% set rewrite_sql %}
            with

            closing as (
                select
                    {{ scd_id }},
                    {{ valid_to }}
                from {{ staging_relation }}
                where dbt_change_type in ('update', 'delete')
            ),

            kept as (
                select
                    {%- for column in target_columns %}
                    {% if column.name | lower == valid_to | lower -%}
                    case
                        when closing.{{ scd_id }} is not null
                            then closing.{{ valid_to }}
                        else snapshotted.{{ valid_to }}
                    end
                    {%- else -%}
                    snapshotted.{{ adapter.quote(column.name) }}
                    {%- endif %} as {{ adapter.quote(column.name) }}
                    {{- ',' if not loop.last }}
                    {%- endfor %}
                from {{ target_relation }} as snapshotted
                left join closing
                    on snapshotted.{{ scd_id }} = closing.{{ scd_id }}
                    {#- only the current version of a key is closed #}
                    and (
                        snapshotted.{{ valid_to }} is null
                        {%- if current_value %}
                        or snapshotted.{{ valid_to }} = {{ current_value }}
                        {%- endif %}
                    )
            ),

            added as (
                select
                    {%- for column in target_columns %}
                    {% if column.name | lower in staged_names -%}
                    {{ adapter.quote(column.name) }}
                    {%- else -%}
                    cast(null as {{ column.data_type }})
                    {%- endif %} as {{ adapter.quote(column.name) }}
                    {{- ',' if not loop.last }}
                    {%- endfor %}
                from {{ staging_relation }}
                where dbt_change_type = 'insert'
            )

            select * from kept
            union all
            select * from added
        {% endset %}

        {% do adapter.drop_relation(work_relation) %}
        {% call statement('build_snapshot_rewrite') %}
            {{ create_table_as(False, work_relation, rewrite_sql) }}
        {% endcall %}
        {% call statement('main') %}
            insert overwrite table {{ target_relation }}
            select * from {{ work_relation }}
        {% endcall %}
        {% do adapter.drop_relation(work_relation) %}
        {% do post_snapshot(staging_relation) %}

    {% endif %}

    {% set should_revoke = should_revoke(target_relation_exists, full_refresh_mode=False) %}
    {% do apply_grants(target_relation, grant_config, should_revoke=should_revoke) %}
    {% do persist_docs(target_relation, model) %}

    {{ run_hooks(post_hooks, inside_transaction=True) }}
    {{ adapter.commit() }}
    {{ run_hooks(post_hooks, inside_transaction=False) }}

    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}
