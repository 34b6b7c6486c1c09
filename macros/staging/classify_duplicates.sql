{#
    Renders two CTEs that classify rows sharing a key, among rows that passed
    every row-level check (`row_reason` null), and give every row its final
    `quarantine_reason`:
    - duplicate_keys: the keys with more than one such row, and how many
      versions (distinct `record_hash`) they have;
    - classified: every row of `relation` plus quarantine_reason, which is
      `row_reason`, else 'conflicting_duplicate' when the key has several
      versions (every row is quarantined: none can be trusted), else
      'exact_duplicate' for all copies but the first by their raw values.
    Only the rows of duplicated keys (few) go through a window: a window
    over every row would hold whole rows in memory (out of memory at 10M
    orders with 4 GB).
#}
{% macro classify_duplicates(relation, key_columns) -%}
    {%- set on_keys -%}
        {%- for key in key_columns -%}
            {{ relation }}.{{ key }} = duplicate_keys.{{ key }}
            {%- if not loop.last %} and {% endif -%}
        {%- endfor -%}
    {%- endset -%}
duplicate_keys as (
    select
        {{ key_columns | join(', ') }},
        count(distinct record_hash) as versions
    from {{ relation }}
    where row_reason is null
    group by {{ key_columns | join(', ') }}
    having count(*) > 1
),

classified as (
    select
        {{ relation }}.*,
        {{ relation }}.row_reason as quarantine_reason
    from {{ relation }}
    left join duplicate_keys
        on {{ on_keys }}
            and {{ relation }}.row_reason is null
    where duplicate_keys.versions is null
    union all
    select
        {{ relation }}.*,
        case
            when duplicate_keys.versions > 1 then 'conflicting_duplicate'
            when row_number() over (
                partition by
                {%- for key in key_columns %} {{ relation }}.{{ key }}
                    {{- ',' if not loop.last }}{% endfor %}
                order by {{ struct_to_json(relation ~ '.raw_values') }}
            ) > 1 then 'exact_duplicate'
        end as quarantine_reason
    from {{ relation }}
    inner join duplicate_keys
        on {{ on_keys }}
    where {{ relation }}.row_reason is null
),
{%- endmacro %}
