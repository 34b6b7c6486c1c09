{#
    The raw columns whose unusable values are nulled and counted instead of
    spoiling their row: per table, the columns with a `<column>_issue` in
    the table's base model (null, or the reason the value was dropped).
    Keep in step with the base models; read by stg_shop__field_issues.
#}
{% macro field_checked_columns() %}
    {{ return({
        'customers': [
            'birth_date', 'annual_income', 'household_size', 'signup_at',
            'updated_at',
        ],
        'orders': ['item_count'],
        'social_interactions': ['sentiment'],
    }) }}
{% endmacro %}
