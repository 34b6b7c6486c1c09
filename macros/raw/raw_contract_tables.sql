{# The contract (tables, columns, required flags) as declared in _shop__sources.yml. #}
{% macro raw_contract_tables() %}
    {% set tables = [] %}
    {% for node in graph.sources.values() | sort(attribute='name') %}
        {% if node.source_name == 'shop' and node.package_name == project_name %}
            {% set columns = [] %}
            {% for column in node.columns.values() %}
                {% do columns.append({
                    'name': column.name | lower,
                    'required': column.meta.get('required', false)
                        or column.get('config', {}).get('meta', {}).get('required', false),
                }) %}
            {% endfor %}
            {% do tables.append({
                'name': node.name,
                'required': node.meta.get('required_table', false)
                    or node.config.get('meta', {}).get('required_table', false),
                'columns': columns,
            }) %}
        {% endif %}
    {% endfor %}
    {{ return(tables) }}
{% endmacro %}
