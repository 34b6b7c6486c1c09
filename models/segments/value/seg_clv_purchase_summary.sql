-- The buy-till-you-die summary: one row per customer and fit window, for
-- customers whose first completed purchase is on or before the window's
-- cutoff. fit_window 'full' ends at the as-of date; 'calibration' ends
-- var clv_holdout_days earlier, and counts what the customer bought in the
-- holdout after it (cutoff, as-of date], to test the fit against.
-- A purchase is a day with at least one completed order (several orders on
-- one day are one purchase); its value is their revenue in the reporting
-- currency. repeat_purchases (x) counts purchase days after the first,
-- recency_days (t_x) is first to last purchase day, age_days (T) first
-- purchase day to the cutoff; mean_repeat_value averages the repeat days'
-- values (null without a repeat purchase).
{%- set holdout_days = setting('clv_holdout_days') %}
{%- set as_of_date = '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')' %}
{%- set calibration_cutoff = dbt.dateadd('day', -holdout_days, as_of_date) %}
{%- set last_purchase = 'max(case when is_before_cutoff then purchase_date end)' %}
{%- set recency = dbt.datediff('first_purchase_date', last_purchase, 'day') %}
{%- set age = dbt.datediff('first_purchase_date', 'cutoff_date', 'day') %}

with

orders as (
    select
        customer_id,
        order_date,
        revenue_amount
    from {{ ref('int_orders__enriched') }}
    where is_completed
),

purchase_days as (
    select
        customer_id,
        order_date as purchase_date,
        sum(revenue_amount) as purchase_value
    from orders
    where order_date <= {{ as_of_date }}
    group by customer_id, order_date
),

windows as (
    select
        'full' as fit_window,
        {{ as_of_date }} as cutoff_date
    union all
    select
        'calibration' as fit_window,
        cast({{ calibration_cutoff }} as date) as cutoff_date
),

numbered as (
    select
        windows.fit_window,
        windows.cutoff_date,
        purchase_days.customer_id,
        purchase_days.purchase_date,
        purchase_days.purchase_value,
        purchase_days.purchase_date <= windows.cutoff_date as is_before_cutoff,
        min(purchase_days.purchase_date) over (
            partition by windows.fit_window, purchase_days.customer_id
        ) as first_purchase_date
    from windows
    cross join purchase_days
),

final as (
    select
        customer_id,
        fit_window,
        cutoff_date,
        first_purchase_date,
        cast(count(case when is_before_cutoff then 1 end) - 1 as integer)
            as repeat_purchases,
        cast({{ recency }} as integer) as recency_days,
        cast({{ age }} as integer) as age_days,
        cast(
            avg(
                case
                    when is_before_cutoff
                        and purchase_date > first_purchase_date
                        then purchase_value
                end
            ) as decimal(18, 2)
        ) as mean_repeat_value,
        cast(count(case when not is_before_cutoff then 1 end) as integer)
            as holdout_purchases
    from numbered
    where first_purchase_date <= cutoff_date
    group by customer_id, fit_window, cutoff_date, first_purchase_date
)

select
    customer_id,
    fit_window,
    cutoff_date,
    first_purchase_date,
    repeat_purchases,
    recency_days,
    age_days,
    mean_repeat_value,
    case when fit_window = 'calibration' then holdout_purchases end
        as holdout_purchases
from final
