{#
    The raw row as JSON text for a quarantined row, null for a staged one
    (the staged row is the data): serialising every row would cost CPU and
    storage for tens of millions of rows that never need it.
#}
{% macro quarantined_raw_record(raw_values='raw_values') -%}
    case
        when quarantine_reason is not null
            then {{ struct_to_json(raw_values) }}
    end
{%- endmacro %}
