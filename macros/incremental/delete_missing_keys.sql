{#
    Pre-hook of the incremental base models: rows without a key cannot be
    matched by the delete+insert on the key, so an incremental run deletes
    them all and re-inserts them from the raw data (raw_batch_filter always
    selects them). Renders nothing on a full build.
#}
{% macro delete_missing_keys(key_column) -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where {{ key_column }} is null
    {%- endif -%}
{%- endmacro %}
