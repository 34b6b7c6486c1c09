{#
    The raw tables of the contract, each with the SQL expression that
    identifies one of its rows (used as the record key in quarantine).
    Keep in step with models/staging/shop/_shop__sources.yml.
#}
{% macro shop_tables() %}
    {{ return({
        'customers': 'customer_id',
        'orders': 'order_id',
        'order_items': 'order_item_id',
        'products': 'product_id',
        'web_sessions': 'session_id',
        'survey_responses': 'response_id',
        'email_events': 'event_id',
        'consents': "customer_id || '|' || consent_type",
        'social_interactions': 'interaction_id',
    }) }}
{% endmacro %}
