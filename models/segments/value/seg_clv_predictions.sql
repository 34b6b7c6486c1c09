-- Predicted customer value: one row per customer (erased customers left
-- out; fct_customer_predictions and dim_customers read it), with the
-- purchase summary at the as-of date and the predictions of the purchase
-- model chosen by var clv_model (fitted on the full window)
-- over the next var clv_horizon_days: P(alive), expected purchases, the
-- probability of no purchase (churn), the expected value of a purchase
-- (Gamma-Gamma) and the predicted CLV (expected purchases per month times
-- that value, discounted at var clv_annual_discount_rate a year). Customers
-- without a completed purchase, or whose fit did not converge, get nulls and
-- prediction_reason.
{%- set horizon_days = setting('clv_horizon_days') %}

with

customers as (
    select customer_id
    from {{ ref('int_customers__not_erased') }}
),

summary as (
    select
        customer_id,
        first_purchase_date,
        repeat_purchases,
        recency_days,
        age_days,
        mean_repeat_value
    from {{ ref('seg_clv_purchase_summary') }}
    where fit_window = 'full'
),

scores as (
    select
        repeat_purchases,
        recency_days,
        age_days,
        model_name,
        p_alive,
        expected_purchases,
        p_no_purchase,
        discounted_purchases,
        prediction_reason
    from {{ ref('seg_clv_scores') }}
    where fit_window = 'full'
),

fits as (
    select
        model_name,
        parameter_name,
        parameter_value,
        converged,
        reason
    from {{ ref('seg_clv_fits') }}
    where fit_window = 'full' and model_name = 'gamma_gamma'
),

value_model as (
    select
        max(case when parameter_name = 'p' then parameter_value end) as p,
        max(case when parameter_name = 'q' then parameter_value end) as q,
        max(case when parameter_name = 'gamma' then parameter_value end)
            as gamma,
        min(case when converged then 1 else 0 end) = 1 as converged,
        max(reason) as reason
    from fits
),

joined as (
    select
        customers.customer_id,
        summary.first_purchase_date,
        summary.repeat_purchases,
        summary.recency_days,
        summary.age_days,
        summary.mean_repeat_value,
        scores.model_name,
        scores.p_alive,
        scores.expected_purchases,
        scores.p_no_purchase,
        scores.discounted_purchases,
        case
            when
                summary.customer_id is null or not value_model.converged
                then null
            -- Gamma-Gamma: the customer's mean shrunk towards the population's
            when summary.repeat_purchases > 0 and summary.mean_repeat_value > 0
                then value_model.p
                    * (
                        value_model.gamma
                        + summary.mean_repeat_value * summary.repeat_purchases
                    )
                    / (
                        value_model.p * summary.repeat_purchases
                        + value_model.q
                        - 1
                    )
            else value_model.p * value_model.gamma / (value_model.q - 1)
        end as expected_purchase_value,
        case
            when summary.customer_id is null
                then 'no completed purchase by the as-of date'
            when
                scores.prediction_reason is not null
                then scores.prediction_reason
            when not value_model.converged or value_model.converged is null
                then 'gamma_gamma fit on the full window: '
                    || coalesce(value_model.reason, 'the model was not fitted')
        end as prediction_reason
    from customers
    left join summary
        on customers.customer_id = summary.customer_id
    left join scores
        on
            summary.repeat_purchases = scores.repeat_purchases
            and summary.recency_days = scores.recency_days
            and summary.age_days = scores.age_days
    cross join value_model
),

final as (
    select
        customer_id,
        first_purchase_date,
        repeat_purchases,
        recency_days,
        age_days,
        mean_repeat_value,
        p_alive,
        expected_purchases,
        p_no_purchase,
        expected_purchase_value,
        discounted_purchases * expected_purchase_value as predicted_clv,
        coalesce(model_name, {{ sql_literal(setting('clv_model')) }})
            as clv_model,
        prediction_reason
    from joined
)

select
    cast(customer_id as {{ dbt.type_string() }}) as customer_id,
    cast(first_purchase_date as date) as first_purchase_date,
    cast(repeat_purchases as integer) as repeat_purchases,
    cast(recency_days as integer) as recency_days,
    cast(age_days as integer) as age_days,
    cast(mean_repeat_value as decimal(18, 2)) as mean_repeat_value,
    cast(p_alive as double) as p_alive,
    cast(expected_purchases as double) as expected_purchases,
    cast(p_no_purchase as double) as p_no_purchase,
    cast(expected_purchase_value as decimal(18, 2)) as expected_purchase_value,
    cast(predicted_clv as decimal(18, 2)) as predicted_clv,
    cast({{ horizon_days }} as integer) as horizon_days,
    cast(clv_model as {{ dbt.type_string() }}) as clv_model,
    cast(prediction_reason as {{ dbt.type_string() }}) as prediction_reason
from final
