{# Path of an export file: the folder in var export_path, then the file name. #}
{% macro export_location(file_name) -%}
    {{ setting('export_path').rstrip('/') ~ '/' ~ file_name }}
{%- endmacro %}
