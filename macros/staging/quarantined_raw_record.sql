{#
    The raw row as JSON text for a quarantined row, null for a staged one
    (the staged row is the data): only the quarantined rows build it. The
    raw columns are carried as raw__<column> (typed ones as they came) and
    written as text, as a CSV file of the same data holds them.
#}
{% macro quarantined_raw_record(columns) -%}
    case
        when quarantine_reason is not null
            then {{ record_to_json(columns, 'raw__') }}
    end
{%- endmacro %}
