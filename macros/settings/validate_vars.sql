{#
    First on-run-start hook: checks every var against its form (macro
    setting_check), the audiences (macro audiences) and the vars that bound
    one another, and stops with one error naming every invalid var, its
    value and the form expected. dbt renders the hooks while it parses the
    project, so an invalid var stops every command (build, run, compile,
    show, source freshness, ...) before any SQL runs; the check runs again
    when the run starts, once the graph is known (audience features must
    then be dim_customers columns). Macro setting calls it too, so a model
    reading an invalid var reports every invalid var. Renders no SQL.
#}
{% macro validate_vars() %}
    {%- set problems = [] -%}
    {%- for name in setting_forms() -%}
        {%- set problem = setting_check(name).problem -%}
        {%- if problem -%}
            {%- do problems.append(problem) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if problems -%}
        {{ exceptions.raise_compiler_error(
            "Invalid dbt vars (settings are values, never SQL):\n  - "
            ~ problems | join("\n  - ")
            ~ "\nSet them under vars: in dbt_project.yml or with --vars (docs/settings.md)."
        ) }}
    {%- endif -%}
    {#- raises naming the audience and the problem -#}
    {%- do audiences() -%}
    {#- [lower var, upper var, may they be equal] -#}
    {%- set ordered = [
        ['quarantine_warn_share', 'quarantine_error_share', true],
        ['min_customer_age', 'max_customer_age', false],
        ['freshness_warn_days', 'freshness_error_days', true],
        ['lifecycle_at_risk_factor', 'lifecycle_lapsed_factor', true],
        ['lifecycle_min_at_risk_days', 'lifecycle_max_at_risk_days', true],
        ['lifecycle_min_lapsed_days', 'lifecycle_max_lapsed_days', true],
        ['frequency_weekly_max_days', 'frequency_monthly_max_days', false],
        ['frequency_monthly_max_days', 'frequency_quarterly_max_days', false],
        ['value_tier_top_share', 'value_tier_high_share', true],
        ['predicted_value_top_share', 'predicted_value_high_share', true],
        ['price_sensitivity_medium_discount_share', 'price_sensitivity_high_discount_share', true],
        ['life_stage_young_adult_max_age', 'life_stage_midlife_max_age', true],
        ['life_stage_midlife_max_age', 'life_stage_senior_min_age', true],
        ['life_stage_young_family_max_age', 'life_stage_senior_min_age', true],
        ['migration_from_date', 'migration_to_date', true],
    ] -%}
    {%- for lower, upper, equal in ordered -%}
        {%- set low, high = setting(lower), setting(upper) -%}
        {%- if low is not none and high is not none and (low > high or (low == high and not equal)) -%}
            {{ exceptions.raise_compiler_error(
                "vars " ~ lower ~ " (" ~ low ~ ") and " ~ upper ~ " (" ~ high ~ "): expected "
                ~ lower ~ (" <= " if equal else " < ") ~ upper
                ~ ". Set them under vars: in dbt_project.yml or with --vars."
            ) }}
        {%- endif -%}
    {%- endfor -%}
    {%- if setting('predicted_value_high_share') + setting('predicted_value_low_share') > 1 -%}
        {{ exceptions.raise_compiler_error(
            "vars predicted_value_high_share (" ~ setting('predicted_value_high_share')
            ~ ") and predicted_value_low_share (" ~ setting('predicted_value_low_share')
            ~ "): expected predicted_value_high_share + predicted_value_low_share <= 1 (the low"
            ~ " tier may not overlap the top tiers). Set them under vars: in dbt_project.yml or with --vars."
        ) }}
    {%- endif -%}
    {%- if setting('value_tier_high_share') + setting('value_tier_low_share') > 1 -%}
        {{ exceptions.raise_compiler_error(
            "vars value_tier_high_share (" ~ setting('value_tier_high_share')
            ~ ") and value_tier_low_share (" ~ setting('value_tier_low_share')
            ~ "): expected value_tier_high_share + value_tier_low_share <= 1 (the low tier"
            ~ " may not overlap the top tiers). Set them under vars: in dbt_project.yml or with --vars."
        ) }}
    {%- endif -%}
{% endmacro %}
