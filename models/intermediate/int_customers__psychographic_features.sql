-- Psychographics: one row per customer from the latest survey answer to each
-- question (interests, values, lifestyle, price_sensitivity,
-- shopping_motivation). Where the survey is silent on price sensitivity it
-- is inferred from behaviour: the share of purchases made with a discount.
{%- set as_of_date = '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')' %}
{%- set questions = [
    'interests', 'values', 'lifestyle', 'price_sensitivity',
    'shopping_motivation',
] %}

with

customers as (
    select customer_id
    from {{ ref('stg_shop__customers') }}
),

answers as (
    select
        customer_id,
        question,
        answer,
        row_number() over (
            partition by customer_id, question
            order by answered_at desc nulls last, response_id desc
        ) as answer_rank
    from {{ ref('stg_shop__survey_responses') }}
    where
        answered_at is null
        or cast(answered_at as date) <= {{ as_of_date }}
),

latest as (
    select
        {% for question in questions %}
            max(
                case when question = '{{ question }}' then answer end
            ) as survey_{{ question }},
        {% endfor %}
        customer_id
    from answers
    where answer_rank = 1
    group by customer_id
),

behavior as (
    select
        customer_id,
        discount_order_share
    from {{ ref('int_customers__behavioral_features') }}
),

final as (
    select
        customers.customer_id,
        latest.survey_interests as interests,
        latest.survey_values as personal_values,
        latest.survey_lifestyle as lifestyle,
        latest.survey_shopping_motivation as shopping_motivation,
        case
            when latest.survey_price_sensitivity is not null
                then latest.survey_price_sensitivity
            when behavior.discount_order_share
                >= {{ sql_literal(
                    setting('price_sensitivity_high_discount_share')
                ) }}
                then 'high'
            when behavior.discount_order_share
                >= {{ sql_literal(
                    setting('price_sensitivity_medium_discount_share')
                ) }}
                then 'medium'
            when behavior.discount_order_share is not null then 'low'
            else 'unknown'
        end as price_sensitivity,
        case
            when latest.survey_price_sensitivity is not null then 'survey'
            when behavior.discount_order_share is not null then 'behavior'
            else 'unknown'
        end as price_sensitivity_source,
        latest.customer_id is not null as has_survey
    from customers
    left join latest
        on customers.customer_id = latest.customer_id
    left join behavior
        on customers.customer_id = behavior.customer_id
)

select * from final
