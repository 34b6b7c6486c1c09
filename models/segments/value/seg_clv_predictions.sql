-- One row per customer (not erased): the purchase summary at the as-of date
-- and the predictions of the purchase model of var clv_model fitted on the
-- full window (docs/predicted_value.md): P(alive), expected purchases and
-- P(no purchase) over var clv_horizon_days, the Gamma-Gamma expected value of
-- a purchase and the predicted CLV over the horizon discounted at var
-- clv_annual_discount_rate. Null with prediction_reason for customers without
-- a completed purchase and when a fit did not converge.
with

customers as (
    select customer_id
    from {{ ref('int_customers__not_erased') }}
),

summary as (
    select
        customer_id,
        first_purchase_date,
        last_purchase_date,
        x,
        t_x_days,
        t_days,
        mean_value
    from {{ ref('seg_clv_summary') }}
    where fit_window = 'full'
),

scores as (
    select
        x,
        t_x_days,
        t_days,
        model_name,
        p_alive,
        expected_purchases,
        p_no_purchase,
        discounted_expected_purchases,
        prediction_reason
    from {{ ref('seg_clv_scores') }}
    where fit_window = 'full'
),

settings as (
    select
        as_of_date,
        horizon_days,
        clv_model
    from {{ ref('seg_clv_windows') }}
    where fit_window = 'full'
),

gamma_gamma as (
    select
        max(case when parameter_name = 'p' then parameter_value end) as p,
        max(case when parameter_name = 'q' then parameter_value end) as q,
        max(case when parameter_name = 'gamma' then parameter_value end)
            as gamma,
        min(fit_reason) as fit_reason,
        bool_and(converged) as converged
    from {{ ref('seg_clv_fit') }}
    where model_name = 'gamma_gamma' and fit_window = 'full'
),

valued as (
    select
        customers.customer_id,
        summary.first_purchase_date,
        summary.last_purchase_date,
        summary.x,
        summary.t_x_days,
        summary.t_days,
        summary.mean_value,
        scores.p_alive,
        scores.expected_purchases,
        scores.p_no_purchase,
        scores.discounted_expected_purchases,
        -- Gamma-Gamma: p (gamma + x m) / (p x + q - 1);
        -- the population mean for x = 0
        case
            when summary.customer_id is not null and gamma_gamma.converged
                then gamma_gamma.p
                    * (
                        gamma_gamma.gamma
                        + summary.x * coalesce(summary.mean_value, 0)
                    )
                    / (gamma_gamma.p * summary.x + gamma_gamma.q - 1)
        end as expected_purchase_value,
        case
            when
                summary.customer_id is null
                then 'no completed purchase up to the as-of date'
            when
                scores.prediction_reason is not null
                then scores.prediction_reason
            when not gamma_gamma.converged
                then 'gamma_gamma fit did not converge: '
                    || gamma_gamma.fit_reason
        end as prediction_reason
    from customers
    left join summary
        on customers.customer_id = summary.customer_id
    left join scores
        on
            summary.x = scores.x
            and summary.t_x_days = scores.t_x_days
            and summary.t_days = scores.t_days
    cross join gamma_gamma
),

final as (
    select
        valued.customer_id,
        settings.as_of_date,
        valued.first_purchase_date,
        valued.last_purchase_date,
        cast(valued.x as integer) as repeat_purchases,
        cast(valued.t_x_days as integer) as first_to_last_purchase_days,
        cast(valued.t_days as integer) as first_purchase_to_as_of_days,
        valued.mean_value as mean_repeat_purchase_value,
        cast(settings.horizon_days as integer) as horizon_days,
        valued.p_alive,
        valued.expected_purchases,
        valued.p_no_purchase,
        valued.expected_purchase_value,
        valued.prediction_reason,
        case
            when valued.first_purchase_date is not null then settings.clv_model
        end
            as model_name,
        case
            when valued.prediction_reason is null
                then valued.expected_purchase_value
                    * valued.discounted_expected_purchases
        end as predicted_clv
    from valued
    cross join settings
)

select * from final
