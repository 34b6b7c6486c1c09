-- Demographic life stage: one row per customer, from age at the as-of date
-- and household type (ages in vars life_stage_*). First match wins:
-- unknown (no valid age), senior, young_family (family household, younger
-- than life_stage_young_family_max_age), established_family, young_adult,
-- midlife_adult, empty_nester (from life_stage_midlife_max_age, not family).
with

demographics as (
    select
        customer_id,
        age,
        age_band,
        household_type
    from {{ ref('int_customers__demographic_features') }}
),

final as (
    select
        customer_id,
        age,
        household_type,
        case
            when age is null then 'unknown'
            when age >= {{ sql_literal(setting('life_stage_senior_min_age')) }}
                then 'senior'
            when
                household_type = 'family'
                and age
                < {{ sql_literal(setting('life_stage_young_family_max_age')) }}
                then 'young_family'
            when household_type = 'family' then 'established_family'
            when
                age
                < {{ sql_literal(setting('life_stage_young_adult_max_age')) }}
                then 'young_adult'
            when age < {{ sql_literal(setting('life_stage_midlife_max_age')) }}
                then 'midlife_adult'
            else 'empty_nester'
        end as segment,
        'age band ' || age_band || ', household ' || household_type
            as segment_reason
    from demographics
)

select * from final
