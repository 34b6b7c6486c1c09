{#
    A pragmatic syntax check on an already normalised email: one @, a local
    part of common characters, a dotted domain with a 2+ letter top level.
    It does not try to implement RFC 5322 (quoted local parts are rejected).
#}
{% macro is_valid_email(normalized_email) -%}
    coalesce({{ regexp_like(
        normalized_email,
        "'^[a-z0-9._%+''-]+@[a-z0-9-]+(\\.[a-z0-9-]+)*\\.[a-z]{2,}$'"
    ) }}, false)
{%- endmacro %}
