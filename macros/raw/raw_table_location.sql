{# Where a raw table is read from (a relation or a table function), or none. #}
{% macro raw_table_location(table_name) %}
    {{ return(adapter.dispatch('raw_table_location', 'segmented_customers')(table_name)) }}
{% endmacro %}

{#
    DuckDB reads <raw_data_path>/<table>.parquet or .csv (header row, every
    column as text, in var raw_csv_encoding). Files that cannot be read as
    the table they name stop the run with a message naming the file: both a
    .csv and a .parquet (which one is meant?), an empty (0-byte) file, a
    column given twice (names match in any case), a CSV that is not in the
    declared encoding.
#}
{% macro duckdb__raw_table_location(table_name) %}
    {% set folder = setting('raw_data_path') %}
    {% set folder = folder[:-1] if folder.endswith('/') else folder %}
    {% set found = [] %}
    {% for extension in ['parquet', 'csv'] %}
        {% set path = folder ~ '/' ~ table_name ~ '.' ~ extension %}
        {% set hits = run_query("select count(*) from glob(" ~ sql_literal(path) ~ ")") %}
        {% if hits.columns[0].values()[0] > 0 %}{% do found.append(path) %}{% endif %}
    {% endfor %}
    {% if not found %}{{ return(none) }}{% endif %}
    {% if found | length > 1 %}
        {{ exceptions.raise_compiler_error(
            "Raw table '" ~ table_name ~ "' is given twice: " ~ (found | join(' and '))
            ~ ". Keep one file per table (remove or rename the other)."
        ) }}
    {% endif %}
    {% set path = found[0] %}
    {% set size = run_query("select size from read_blob(" ~ sql_literal(path) ~ ")").columns[0].values()[0] %}
    {% if size == 0 %}
        {{ exceptions.raise_compiler_error(
            "Raw file '" ~ path ~ "' is empty (0 bytes): table '" ~ table_name ~ "' needs at least "
            ~ ("a header row" if path.endswith('.csv') else "a Parquet schema")
            ~ ". Export it again, or delete the file if the table has no data"
            ~ " (only customers and orders are required; see DATA_CONTRACT.md)."
        ) }}
    {% endif %}
    {% if path.endswith('.parquet') %}
        {% set location = "read_parquet(" ~ sql_literal(path) ~ ")" %}
        {% set header = run_query(
            "select name from parquet_schema(" ~ sql_literal(path) ~ ") where num_children is null"
        ).columns[0].values() %}
    {% else %}
        {% set encoding = raw_csv_encoding() %}
        {% if encoding == 'utf-8' %}{{ check_utf8(path) }}{% endif %}
        {% set location = "read_csv(" ~ sql_literal(path)
            ~ ", header = true, all_varchar = true, encoding = " ~ sql_literal(encoding) ~ ")" %}
        {% set header = run_query(
            "select * from read_csv(" ~ sql_literal(path) ~ ", header = false, all_varchar = true, encoding = "
            ~ sql_literal(encoding) ~ ") limit 1"
        ).rows[0].values() %}
    {% endif %}
    {% set seen = {} %}
    {% for name in header %}
        {% set key = (name or '') | lower %}
        {% if key in seen %}
            {{ exceptions.raise_compiler_error(
                "Raw file '" ~ path ~ "' has the column '" ~ key ~ "' twice ('" ~ seen[key]
                ~ "' and '" ~ name ~ "'; column names match in any case). Keep one of them."
            ) }}
        {% endif %}
        {% do seen.update({key: name}) %}
    {% endfor %}
    {{ return(location) }}
{% endmacro %}

{#
    var raw_csv_encoding, validated: DuckDB reads utf-8, utf-16 and latin-1
    itself; any other name is looked up in its `encodings` extension
    (installed on first use, which needs network access once).
#}
{% macro raw_csv_encoding() %}
    {% set encoding = setting('raw_csv_encoding') %}
    {% if encoding is not string or not modules.re.match('^[A-Za-z0-9_-]+$', encoding) %}
        {{ exceptions.raise_compiler_error(
            "var raw_csv_encoding must be an encoding name such as utf-8, latin-1 or utf-16, got "
            ~ encoding
        ) }}
    {% endif %}
    {% set encoding = encoding | lower %}
    {% set encoding = {'utf8': 'utf-8', 'latin1': 'latin-1', 'iso-8859-1': 'latin-1',
        'utf16': 'utf-16'}.get(encoding, encoding) %}
    {% if encoding not in ['utf-8', 'utf-16', 'latin-1'] %}
        {% do run_query('install encodings') %}
        {% do run_query('load encodings') %}
    {% endif %}
    {{ return(encoding) }}
{% endmacro %}

{#
    Stops with a message naming the file and var raw_csv_encoding when one of
    the first 10,000 lines of a CSV is not valid UTF-8 (DuckDB's own error
    offers no setting). The lines are read whole, and invalid ones are
    collected in a temporary rejects table instead of failing the read.
#}
{% macro check_utf8(path) %}
    {% for name in ['segdb_utf8_rejects', 'segdb_utf8_scans'] %}
        {% do run_query('drop table if exists temp.main.' ~ name) %}
    {% endfor %}
    {% do run_query(
        "select count(*) from (select line from read_csv(" ~ sql_literal(path)
        ~ ", header = false, auto_detect = false, columns = {'line': 'varchar'}"
        ~ ", delim = '\\x01', quote = '', escape = '', strict_mode = false"
        ~ ", store_rejects = true, rejects_table = 'segdb_utf8_rejects'"
        ~ ", rejects_scan = 'segdb_utf8_scans') limit 10000)"
    ) %}
    {% set invalid = run_query(
        "select count(*) from segdb_utf8_rejects where error_type = 'INVALID ENCODING'"
    ).columns[0].values()[0] %}
    {% if invalid > 0 %}
        {{ exceptions.raise_compiler_error(
            "Raw file '" ~ path ~ "' is not UTF-8 (" ~ invalid ~ " of its first lines are not)."
            ~ " Set var raw_csv_encoding to its encoding, e.g. --vars '{raw_csv_encoding: latin-1}'"
            ~ " for Latin-1 (ISO-8859-1, common in older Excel exports), or save it as UTF-8."
        ) }}
    {% endif %}
{% endmacro %}

{#
    Spark reads the same files as DuckDB: <raw_data_path>/<table>.parquet,
    else .csv (header row, every column as text, RFC 4180 quoting, in var
    raw_csv_encoding); both at once stop the run. Each
    file becomes an external table <table>__file in the raw schema, which
    is returned; dropping it never deletes the file. With raw_data_path
    empty, the tables of var('raw_schema') are read instead, as on other
    warehouses.
#}
{% macro spark__raw_table_location(table_name) %}
    {% set folder = setting('raw_data_path') %}
    {% if not folder %}
        {{ return(default__raw_table_location(table_name)) }}
    {% endif %}
    {% set folder = folder[:-1] if folder.endswith('/') else folder %}
    {#- lists the folder's files without reading them -#}
    {% set listed = run_query(
        'select path from binaryFile.`' ~ folder | replace('`', '``') ~ '`'
    ).columns[0].values() %}
    {% set file_table = api.Relation.create(
        database=target.get('database'),
        schema=target.schema ~ '_raw',
        identifier=table_name ~ '__file',
        type='table',
    ) %}
    {% set both = [] %}
    {% for extension in ['parquet', 'csv'] %}
        {% for path in listed if path.endswith('/' ~ table_name ~ '.' ~ extension) %}
            {% do both.append(folder ~ '/' ~ table_name ~ '.' ~ extension) %}
        {% endfor %}
    {% endfor %}
    {% if both | length > 1 %}
        {{ exceptions.raise_compiler_error(
            "Raw table '" ~ table_name ~ "' is given twice: " ~ (both | join(' and '))
            ~ ". Keep one file per table (remove or rename the other)."
        ) }}
    {% endif %}
    {% for extension in ['parquet', 'csv'] %}
        {% set name = table_name ~ '.' ~ extension %}
        {% set matches = [] %}
        {% for path in listed if path.endswith('/' ~ name) %}
            {% do matches.append(path) %}
        {% endfor %}
        {% if matches %}
            {% set options = {'path': folder ~ '/' ~ name} %}
            {% if extension == 'csv' %}
                {#- Java's names for the encodings of var raw_csv_encoding -#}
                {% set encoding = var('raw_csv_encoding', 'utf-8') | string | lower %}
                {% do options.update({
                    'header': 'true', 'multiLine': 'true', 'escape': '"',
                    'encoding': {'utf-8': 'UTF-8', 'utf8': 'UTF-8', 'latin-1': 'ISO-8859-1',
                        'latin1': 'ISO-8859-1', 'utf-16': 'UTF-16', 'utf16': 'UTF-16'}.get(encoding, encoding),
                }) %}
            {% endif %}
            {% do run_query('drop table if exists ' ~ file_table) %}
            {% call statement('register_raw_file_' ~ table_name) %}
                create table {{ file_table }}
                using {{ extension }}
                options (
                {%- for key, value in options.items() %}
                    {{ key }} {{ sql_literal(value) }}
                    {{- ',' if not loop.last }}
                {%- endfor %}
                )
            {% endcall %}
            {{ return(file_table) }}
        {% endif %}
    {% endfor %}
    {{ return(none) }}
{% endmacro %}

{% macro default__raw_table_location(table_name) %}
    {% set relation = adapter.get_relation(
        database=target.get('database'), schema=setting('raw_schema'), identifier=table_name
    ) %}
    {{ return(relation) }}
{% endmacro %}
