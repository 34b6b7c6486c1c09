{#
    The types of a raw relation's columns as the engine reports them
    (lower-cased name -> lower-cased type), read when a model compiles, after
    the on-run-start hook has registered the raw views with their own types.
    Empty at parse time and where the relation cannot be described (a unit
    test reads fixtures): every column then takes the text path, which
    reads any value (typed_value).
#}
{% macro raw_column_types(relation) %}
    {% set types = {} %}
    {% set in_unit_test = model is defined and model is mapping
        and model.get('resource_type') == 'unit_test' %}
    {% if execute and not in_unit_test %}
        {% for column in adapter.get_columns_in_relation(relation) %}
            {% do types.update({column.name | lower: column.data_type | lower}) %}
        {% endfor %}
    {% endif %}
    {{ return(types) }}
{% endmacro %}

{#
    The family of a raw column's type, for typed_value: text, timestamp
    (without time zone), date, decimal (scale 2 at most), integer, boolean,
    or other (any other type, and an unknown one: read through its text).
#}
{% macro raw_type_family(data_type) %}
    {% set t = (data_type or '') | lower | trim %}
    {% set re = modules.re %}
    {% if t == '' %}{{ return('other') }}{% endif %}
    {% if re.match('^(varchar|string|text|char|character|nvarchar|nchar)\\b', t) %}
        {{ return('text') }}
    {% endif %}
    {% if re.match('^(timestamp(_s|_ms|_ns|_ntz)?|datetime|timestamp without time zone)$', t) %}
        {{ return('timestamp') }}
    {% endif %}
    {% if t == 'date' %}{{ return('date') }}{% endif %}
    {% if t == 'boolean' or t == 'bool' %}{{ return('boolean') }}{% endif %}
    {% if t in ['tinyint', 'smallint', 'integer', 'int', 'bigint', 'hugeint', 'utinyint',
        'usmallint', 'uinteger', 'ubigint', 'uhugeint', 'long', 'short', 'byte', 'int2', 'int4', 'int8'] %}
        {{ return('integer') }}
    {% endif %}
    {% set decimal = re.match('^(decimal|numeric)\\s*\\(\\s*[0-9]+\\s*,\\s*([0-9]+)\\s*\\)$', t) %}
    {% if decimal and decimal.group(2) | int <= 2 %}{{ return('decimal') }}{% endif %}
    {{ return('other') }}
{% endmacro %}
