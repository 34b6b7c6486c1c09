-- The features the clustering may use, in long form: one row per clustered
-- customer and candidate feature. Clustered customers are those with at
-- least one purchase who have not asked to be erased (int_customers__consent):
-- an erased customer's data neither shapes the clusters nor enters their
-- profiles. Customers without a purchase are cluster 0, erased ones are not
-- clustered (see seg_cluster). Numeric
-- features fill numeric_value, categorical ones text_value. Which of these
-- features the clustering uses is set in the `meta` of the clustering models
-- (_clustering__models.yml); to offer a new one, add its column here.
{%- set numeric_features = {
    'int_customers__behavioral_features': [
        'completed_revenue', 'purchase_count', 'avg_order_value',
        'days_since_last_order', 'tenure_days', 'btyd_recency_days',
        'days_since_signup', 'mean_interpurchase_days', 'category_count',
        'cancel_rate', 'return_rate', 'discount_order_share',
        'discount_amount_share',
    ],
    'int_customers__frequency_features': [
        'typical_interval_days', 'active_months', 'purchases_per_month',
        'purchases_last_90_days', 'purchases_last_365_days',
    ],
    'int_customers__engagement_features': [
        'open_rate', 'click_rate', 'days_since_last_engagement',
    ],
    'int_customers__technographic_features': [
        'session_count', 'app_session_share',
    ],
    'int_customers__demographic_features': ['age', 'annual_income'],
} %}
{%- set categorical_features = {
    'int_customers__behavioral_features': [
        'primary_purchase_channel', 'top_category',
    ],
    'int_customers__technographic_features': ['primary_device'],
    'int_customers__demographic_features': ['household_type'],
    'int_customers__psychographic_features': ['price_sensitivity'],
} %}
{%- set models = (
    numeric_features.keys() | list + categorical_features.keys() | list
) | unique | list %}

with

buyers as (
    select customer_id
    from {{ ref('int_customers__behavioral_features') }}
    where purchase_count > 0
),

not_erased as (
    select customer_id
    from {{ ref('int_customers__not_erased') }}
),

clustered as (
    select buyers.customer_id
    from buyers
    inner join not_erased
        on buyers.customer_id = not_erased.customer_id
),

{% for model in models %}
    {{ model.split('__')[1] }} as (
        select
            {% for column in numeric_features.get(model, [])
                + categorical_features.get(model, []) %}
                {{ column }},
            {% endfor %}
            customer_id
        from {{ ref(model) }}
    ),

{% endfor %}

unpivoted as (
    {% for model, columns in numeric_features.items() %}
        {% for column in columns %}
            select
                customer_id,
                '{{ column }}' as feature,
                cast({{ column }} as double) as numeric_value,
                cast(null as {{ dbt.type_string() }}) as text_value
            from {{ model.split('__')[1] }}
            union all
        {% endfor %}
    {% endfor %}
    {% for model, columns in categorical_features.items() %}
        {% for column in columns %}
            select
                customer_id,
                '{{ column }}' as feature,
                cast(null as double) as numeric_value,
                cast({{ column }} as {{ dbt.type_string() }}) as text_value
            from {{ model.split('__')[1] }}
            {% if not loop.last %}union all{% endif %}
        {% endfor %}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select
        unpivoted.customer_id,
        unpivoted.feature,
        unpivoted.numeric_value,
        unpivoted.text_value
    from unpivoted
    inner join clustered
        on unpivoted.customer_id = clustered.customer_id
)

select * from final
