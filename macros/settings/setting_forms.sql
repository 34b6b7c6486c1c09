{#
    The form of every var in dbt_project.yml, checked by macro setting (one
    var, wherever it is read) and by macro validate_vars (all of them, first
    thing in on-run-start). kind:
      path        a folder: text without quote characters or control
                  characters; empty: true allows '' (raw_data_path on Spark)
      identifier  a schema name: a letter or _, then letters, digits, _
      date        an ISO date YYYY-MM-DD that exists in the calendar
      currency    three upper-case letters (ISO 4217, e.g. EUR)
      time_zone   an IANA time zone name (e.g. UTC, Europe/Berlin)
      encoding    a character encoding name: letters, digits, - and _
                  (utf-8, latin-1, ...)
      integer     a whole number within min / max
      number      a finite number within min / max, above `above`
      choice      one of `choices`
      cut_points  rfm_thresholds: recency_days, frequency and monetary, each
                  four numbers >= 0 (recency descending, the others
                  ascending)
      band_edges  a non-empty list of ascending whole numbers >= 0
      audiences   the audience schema of macro audiences
    null: true allows null. A var added to dbt_project.yml gets a form here
    (tests/python/test_settings_validation.py checks both lists agree).
#}
{% macro setting_forms() %}
    {%- set share = {'kind': 'number', 'min': 0, 'max': 1} -%}
    {%- set days = {'kind': 'integer', 'min': 0} -%}
    {%- set age = {'kind': 'integer', 'min': 0, 'max': 150} -%}
    {{ return({
        'raw_data_path': {'kind': 'path', 'empty': true},
        'raw_schema': {'kind': 'identifier'},
        'as_of_date': {'kind': 'date', 'null': true},
        'source_timezone': {'kind': 'time_zone'},
        'shop_timezone': {'kind': 'time_zone'},
        'raw_csv_encoding': {'kind': 'encoding'},
        'max_amount': {'kind': 'number', 'above': 0},
        'max_count': {'kind': 'integer', 'min': 1},
        'default_currency': {'kind': 'currency'},
        'reporting_currency': {'kind': 'currency'},
        'quarantine_warn_share': share,
        'quarantine_error_share': share,
        'min_customer_age': age,
        'max_customer_age': age,
        'freshness_warn_days': {'kind': 'integer', 'min': 1},
        'freshness_error_days': {'kind': 'integer', 'min': 1},
        'incremental_lookback_days': days,
        'rfm_scoring': {'kind': 'choice', 'choices': ['quintile', 'thresholds']},
        'rfm_window_days': {'kind': 'integer', 'min': 1, 'null': true},
        'rfm_thresholds': {'kind': 'cut_points'},
        'lifecycle_new_days': days,
        'lifecycle_default_interval_days': {'kind': 'number', 'above': 0},
        'lifecycle_at_risk_factor': {'kind': 'number', 'above': 0},
        'lifecycle_lapsed_factor': {'kind': 'number', 'above': 0},
        'lifecycle_min_at_risk_days': days,
        'lifecycle_max_at_risk_days': days,
        'lifecycle_min_lapsed_days': days,
        'lifecycle_max_lapsed_days': days,
        'frequency_weekly_max_days': {'kind': 'number', 'above': 0},
        'frequency_monthly_max_days': {'kind': 'number', 'above': 0},
        'frequency_quarterly_max_days': {'kind': 'number', 'above': 0},
        'value_tier_top_share': share,
        'value_tier_high_share': share,
        'value_tier_low_share': share,
        'clv_holdout_days': {'kind': 'integer', 'min': 1, 'max': 3650},
        'clv_horizon_days': {'kind': 'integer', 'min': 1, 'max': 3650},
        'clv_annual_discount_rate': {'kind': 'number', 'min': 0, 'max': 1},
        'clv_model': {'kind': 'choice', 'choices': ['bg_nbd', 'mbg_nbd']},
        'predicted_value_top_share': share,
        'predicted_value_high_share': share,
        'predicted_value_low_share': share,
        'predicted_value_lost_p_no_purchase': share,
        'age_band_edges': {'kind': 'band_edges'},
        'income_band_edges': {'kind': 'band_edges'},
        'price_sensitivity_high_discount_share': share,
        'price_sensitivity_medium_discount_share': share,
        'life_stage_young_adult_max_age': age,
        'life_stage_young_family_max_age': age,
        'life_stage_midlife_max_age': age,
        'life_stage_senior_min_age': age,
        'technographic_app_first_share': share,
        'technographic_multi_device_types': {'kind': 'integer', 'min': 1},
        'engagement_high_click_rate': share,
        'engagement_min_open_rate': share,
        'engagement_dormant_days': days,
        'shopping_time_min_orders': {'kind': 'integer', 'min': 1},
        'shopping_time_weekend_share': share,
        'shopping_time_night_share': share,
        'shopping_time_dominant_share': share,
        'social_advocate_min_actions': {'kind': 'integer', 'min': 1},
        'social_engaged_min_interactions': {'kind': 'integer', 'min': 1},
        'social_lapsed_days': days,
        'best_send_hour_min_events': {'kind': 'integer', 'min': 1},
        'history_months': {'kind': 'integer', 'min': 0, 'max': 240},
        'migration_from_date': {'kind': 'date', 'null': true},
        'migration_to_date': {'kind': 'date', 'null': true},
        'drift_warn_share_points': {'kind': 'number', 'above': 0},
        'recommendation_segmentation': {'kind': 'choice', 'choices': segmentations()},
        'export_path': {'kind': 'path'},
        'audiences': {'kind': 'audiences'},
    }) }}
{% endmacro %}
