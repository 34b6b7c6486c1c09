{#
    Classifies rows sharing a key, among rows that passed every row-level check
    (`row_reason` null); rows with a row-level reason form their own partition.
    - 'conflicting_duplicate': the key has different versions (`record`
      differs); every row of the key is quarantined, as none can be trusted.
    - 'exact_duplicate': an identical copy; all but one copy (the first by
      `record`, all being equal) are quarantined.
    Returns null for a row that is unique, or the one kept copy.
#}
{% macro duplicate_reason(key_columns, record, row_reason='row_reason') -%}
    {%- set partition -%}
        partition by {{ key_columns | join(', ') }}, {{ row_reason }} is null
    {%- endset -%}
    case
        when {{ row_reason }} is not null then null
        when min({{ record }}) over ({{ partition }})
            != max({{ record }}) over ({{ partition }})
            then 'conflicting_duplicate'
        when row_number() over ({{ partition }} order by {{ record }}) > 1
            then 'exact_duplicate'
    end
{%- endmacro %}
