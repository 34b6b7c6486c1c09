-- Psychographic segment: one row per customer, from survey answers and, when
-- the survey is silent, price sensitivity inferred from discount usage.
-- First match wins: deal_seeker (high price sensitivity or shopping for
-- deals), conscious_consumer (values sustainability), quality_seeker
-- (values quality or brand, low price sensitivity), gift_giver, explorer
-- (values innovation or shops for discovery), convenience_seeker (values
-- convenience or shops out of necessity), mainstream (answered, none of
-- these); unknown without a survey unless behaviour shows deal seeking.
with

psychographics as (
    select
        customer_id,
        personal_values,
        shopping_motivation,
        price_sensitivity,
        price_sensitivity_source,
        has_survey
    from {{ ref('int_customers__psychographic_features') }}
),

final as (
    select
        customer_id,
        personal_values,
        shopping_motivation,
        price_sensitivity,
        case
            when price_sensitivity = 'high' or shopping_motivation = 'deals'
                then 'deal_seeker'
            when not has_survey then 'unknown'
            when personal_values = 'sustainability' then 'conscious_consumer'
            when personal_values in ('quality', 'brand')
                and price_sensitivity = 'low'
                then 'quality_seeker'
            when shopping_motivation = 'gifts' then 'gift_giver'
            when personal_values = 'innovation'
                or shopping_motivation = 'discovery'
                then 'explorer'
            when personal_values = 'convenience'
                or shopping_motivation = 'necessity'
                then 'convenience_seeker'
            else 'mainstream'
        end as segment,
        'values ' || coalesce(personal_values, '?')
        || ', motivation ' || coalesce(shopping_motivation, '?')
        || ', price sensitivity ' || price_sensitivity
        || ' (' || price_sensitivity_source || ')' as segment_reason
    from psychographics
)

select * from final
