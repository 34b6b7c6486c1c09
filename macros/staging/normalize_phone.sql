{#
    A phone number rewritten as E.164 (+<country code><national number>).
    - '+49 30 123' and '0049-30-123' carry their country code: kept.
    - A national number ('030/123', '(030) 123') needs the customer's country:
      its trunk prefix (e.g. '0') is dropped and the calling code prepended;
      with no known country the result is null.
    The result still has to pass is_valid_e164 ('+' and 8 to 15 digits).
    `calling_code` and `trunk_prefix` are text columns from the countries seed.
#}
{% macro normalize_phone(phone, calling_code, trunk_prefix) -%}
    {%- set digits = regexp_replace_all(clean_text(phone), "'[^0-9]'", "''") -%}
    case
        when {{ clean_text(phone) }} like '+%' then '+' || {{ digits }}
        when {{ digits }} like '00%' then '+' || substr({{ digits }}, 3)
        when coalesce({{ trunk_prefix }}, '') != ''
            and {{ digits }} like {{ trunk_prefix }} || '%'
            then '+' || {{ calling_code }}
            || substr({{ digits }}, length({{ trunk_prefix }}) + 1)
        else '+' || {{ calling_code }} || {{ digits }}
    end
{%- endmacro %}
