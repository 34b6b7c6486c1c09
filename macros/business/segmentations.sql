{#
    The segmentations the project builds, each a model seg_<name> with
    customer_id, segment and segment_reason. Keep in step with
    seeds/segmentations.csv (a test checks both ways).
#}
{% macro segmentations() %}
    {{ return([
        'rfm', 'lifecycle', 'purchase_frequency', 'value_tier', 'demographic',
        'geographic', 'psychographic', 'technographic', 'engagement',
        'shopping_time', 'social',
        'cluster', 'predicted_value',
    ]) }}
{% endmacro %}
