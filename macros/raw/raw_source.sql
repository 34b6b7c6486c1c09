{#
    Which raw source a database was built from, so that a build from another
    source never mixes the two (docs/own_data.md, "One database per raw source").

    The source is its location (raw_source_location) and the version of the
    raw input contract it was read under (raw_contract_version). The
    on-run-start hook check_raw_source compares them with the record the
    previous builds left in <target.schema>_raw.raw_source, before anything
    is changed: a different source stops the run naming both, unless
    --full-refresh is given, in which case every model and snapshot
    (segment history and cluster fit included) is dropped first and the log
    says so. record_raw_source writes the record after the raw tables are
    registered, on building commands only (build, run, snapshot).
#}

{# The record's relation: one row, in the schema of the raw views. #}
{% macro raw_source_relation() %}
    {{ return(api.Relation.create(
        database=target.get('database'),
        schema=target.schema ~ '_raw',
        identifier='raw_source',
        type='table',
    )) }}
{% endmacro %}

{# The contract version, from the `shop` source's meta (_shop__sources.yml). #}
{% macro raw_contract_version() %}
    {% for node in graph.sources.values()
        if node.source_name == 'shop' and node.package_name == project_name %}
        {% set version = node.source_meta.get('contract_version')
            or node.config.get('meta', {}).get('contract_version') %}
        {% if version %}{{ return(version | string) }}{% endif %}
    {% endfor %}
    {{ exceptions.raise_compiler_error(
        "The shop source in _shop__sources.yml has no meta contract_version"
    ) }}
{% endmacro %}

{#
    The raw location as recorded: for files, raw_data_path as an absolute,
    normalised path (relative paths are read from the directory dbt runs
    in, the project folder; `.` and `..` resolved, no trailing slash); for
    warehouse tables, `schema <database>.<raw_schema>`.
#}
{% macro raw_source_location() %}
    {% if target.type == 'duckdb' or (target.type == 'spark' and var('raw_data_path')) %}
        {{ return(normalized_path(var('raw_data_path') | string)) }}
    {% endif %}
    {% set database = target.get('database') %}
    {{ return('schema ' ~ ((database ~ '.') if database else '') ~ var('raw_schema')) }}
{% endmacro %}

{% macro normalized_path(path) %}
    {% set path = path | trim %}
    {#- URIs (s3://, file:/, ...) and Windows drives are taken as they are -#}
    {% if modules.re.match('^[A-Za-z][A-Za-z0-9+.-]+:', path) or modules.re.match('^[A-Za-z]:[\\\\/]', path) %}
        {{ return(path.rstrip('/')) }}
    {% endif %}
    {% if not path.startswith('/') %}
        {% set base = invocation_args_dict.get('project_dir') or '.' %}
        {% set path = base ~ '/' ~ path %}
    {% endif %}
    {% set parts = [] %}
    {% for part in path.split('/') %}
        {% if part == '..' %}
            {% if parts %}{% do parts.pop() %}{% endif %}
        {% elif part not in ['', '.'] %}
            {% do parts.append(part) %}
        {% endif %}
    {% endfor %}
    {{ return(('/' if path.startswith('/') else '') ~ (parts | join('/'))) }}
{% endmacro %}

{# The recorded source as {location, contract_version, recorded_at}, or none. #}
{% macro recorded_raw_source() %}
    {% set relation = raw_source_relation() %}
    {% set existing = adapter.get_relation(
        database=relation.database, schema=relation.schema, identifier=relation.identifier
    ) %}
    {% if existing is none %}{{ return(none) }}{% endif %}
    {% set rows = run_query(
        'select raw_location, contract_version, recorded_at from ' ~ existing
    ).rows %}
    {% if not rows %}{{ return(none) }}{% endif %}
    {{ return({
        'location': rows[0][0],
        'contract_version': rows[0][1] | string,
        'recorded_at': rows[0][2] | string,
    }) }}
{% endmacro %}

{# The project's models and snapshots that exist in the database. #}
{% macro built_relations() %}
    {% set found = [] %}
    {% for node in graph.nodes.values()
        if node.resource_type in ['model', 'snapshot'] and node.package_name == project_name %}
        {% set relation = adapter.get_relation(
            database=node.database, schema=node.schema, identifier=node.alias
        ) %}
        {% if relation is not none %}{% do found.append(relation) %}{% endif %}
    {% endfor %}
    {{ return(found) }}
{% endmacro %}

{#
    on-run-start hook, before the raw tables are registered: stop, or start
    from scratch on --full-refresh, when the database holds another source.
    A database with built models but no record (built before sources were
    recorded) counts as another source: what it was built from is unknown.
#}
{% macro check_raw_source() %}
    {% if not execute %}{{ return('') }}{% endif %}
    {% set current = {
        'location': raw_source_location(),
        'contract_version': raw_contract_version(),
    } %}
    {% set recorded = recorded_raw_source() %}
    {% if recorded is not none
        and recorded.location == current.location
        and recorded.contract_version == current.contract_version %}
        {{ return('') }}
    {% endif %}
    {% set built = built_relations() %}
    {% if recorded is none and not built %}{{ return('') }}{% endif %}
    {% set old = ("'" ~ recorded.location ~ "' (contract version " ~ recorded.contract_version
        ~ ", recorded " ~ recorded.recorded_at[:19] ~ ")") if recorded is not none
        else 'a source it did not record (built before raw sources were recorded)' %}
    {% set new = "'" ~ current.location ~ "' (contract version " ~ current.contract_version ~ ")" %}
    {% if flags.FULL_REFRESH and flags.WHICH in ['build', 'run'] %}
        {{ log('Raw source changed: this database was built from ' ~ old ~ ', this run reads '
            ~ new ~ '. --full-refresh: starting from scratch, dropping ' ~ (built | length)
            ~ ' models and snapshots built from the old source, the segment history'
            ~ ' (snap_customer_segments) and the cluster fit included.', info=true) }}
        {% for relation in built %}
            {% do adapter.drop_relation(relation) %}
        {% endfor %}
        {% do adapter.drop_relation(raw_source_relation()) %}
        {% do adapter.commit() %}
        {{ return('') }}
    {% endif %}
    {{ exceptions.raise_compiler_error(
        'This database (' ~ database_description() ~ ') was built from the raw source '
        ~ old ~ ', but this run reads ' ~ new ~ '. Nothing was changed: a build from'
        ~ ' another source would mix the two. Either build into another database ('
        ~ other_database_hint() ~ '), or rebuild this one from scratch with'
        ~ ' `dbt build --full-refresh`, which also deletes its segment history'
        ~ ' (snap_customer_segments) and cluster fit.'
    ) }}
{% endmacro %}

{% macro database_description() %}
    {% if target.type == 'duckdb' %}
        {{ return(target.path) }}
    {% endif %}
    {{ return('target ' ~ target.name ~ ', schema ' ~ target.schema) }}
{% endmacro %}

{% macro other_database_hint() %}
    {% if target.type == 'duckdb' %}
        {{ return('set SEGDB_DUCKDB_PATH to another file, e.g. SEGDB_DUCKDB_PATH=target/shop.duckdb') }}
    {% elif target.type == 'spark' %}
        {{ return('set SEGDB_SPARK_SCHEMA to another schema') }}
    {% endif %}
    {{ return('another target or schema in profiles.yml') }}
{% endmacro %}

{#
    on-run-start hook after register_raw_tables, so a run whose raw tables
    cannot be registered (a mistyped folder) records nothing. Building commands
    only; read-only ones (test, compile, docs generate, seed) never write it.
    Dropped and re-created rather than updated: plain parquet tables on
    Spark have no UPDATE or DELETE.
#}
{% macro record_raw_source() %}
    {% if not execute or flags.WHICH not in ['build', 'run', 'snapshot'] %}
        {{ return('') }}
    {% endif %}
    {% set recorded = recorded_raw_source() %}
    {% set relation = raw_source_relation() %}
    {% set recorded_at = recorded.recorded_at if recorded is not none
        else run_started_at.strftime('%Y-%m-%d %H:%M:%S') %}
    {% do adapter.drop_relation(relation) %}
    {% call statement('record_raw_source') %}
        create table {{ relation }} as
        select
            cast({{ sql_literal(raw_source_location()) }} as {{ dbt.type_string() }}) as raw_location,
            cast({{ sql_literal(raw_contract_version()) }} as {{ dbt.type_string() }}) as contract_version,
            cast({{ sql_literal(recorded_at) }} as {{ api.Column.translate_type('timestamp') }}) as recorded_at,
            cast({{ sql_literal(run_started_at.strftime('%Y-%m-%d %H:%M:%S')) }}
                as {{ api.Column.translate_type('timestamp') }}) as last_built_at,
            cast({{ sql_literal(invocation_id) }} as {{ dbt.type_string() }}) as last_invocation_id
    {% endcall %}
    {% do adapter.commit() %}
{% endmacro %}
