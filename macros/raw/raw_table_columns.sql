{# Lower-cased column name -> the name as it is spelled in the raw table. #}
{% macro raw_table_columns(location) %}
    {% set columns = {} %}
    {% if location is string %}
        {% set described = run_query('describe select * from ' ~ location) %}
        {% for name in described.columns[0].values() %}
            {% do columns.update({name | lower: name}) %}
        {% endfor %}
    {% else %}
        {% for column in adapter.get_columns_in_relation(location) %}
            {% do columns.update({column.name | lower: column.name}) %}
        {% endfor %}
    {% endif %}
    {{ return(columns) }}
{% endmacro %}
