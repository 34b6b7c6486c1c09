-- Demographics: one row per customer. Age is whole years at the as-of date;
-- ages outside var min_customer_age..max_customer_age are unknown. Bands come
-- from the vars age_band_edges and income_band_edges.
{%- set as_of_date = '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')' %}
with

customers as (
    select
        customer_id,
        birth_date,
        gender,
        annual_income,
        household_size,
        education,
        occupation,
        marital_status
    from {{ ref('stg_shop__customers') }}
),

aged as (
    select
        *,
        -- whole years: subtract one when the birthday is still to come
        {{ dbt.datediff('birth_date', as_of_date, 'year') }}
        - case
            when {{ dbt.dateadd(
                'year',
                dbt.datediff('birth_date', as_of_date, 'year'),
                'birth_date',
            ) }} > {{ as_of_date }} then 1
            else 0
        end as raw_age
    from customers
),

final as (
    select
        customer_id,
        gender,
        annual_income,
        household_size,
        case
            when raw_age between {{ sql_literal(setting('min_customer_age')) }}
                and {{ sql_literal(setting('max_customer_age')) }}
                then raw_age
        end as age,
        {{ band(
            'case when raw_age between '
            ~ sql_literal(setting('min_customer_age'))
            ~ ' and ' ~ sql_literal(setting('max_customer_age'))
            ~ ' then raw_age end',
            setting('age_band_edges'),
        ) }} as age_band,
        {{ band(
            'annual_income', setting('income_band_edges')
        ) }} as income_band,
        case
            when household_size is null then 'unknown'
            when household_size = 1 then 'single'
            when household_size = 2 then 'couple'
            else 'family'
        end as household_type,
        coalesce(education, 'unknown') as education,
        coalesce(occupation, 'unknown') as occupation,
        coalesce(marital_status, 'unknown') as marital_status
    from aged
)

select * from final
