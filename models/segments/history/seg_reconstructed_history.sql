-- RFM and lifecycle segments rebuilt at past dates from the order history
-- alone, so migrations can be shown before the snapshot
-- (snap_customer_segments) has recorded any: one row per customer,
-- segmentation (rfm, lifecycle) and state date.
-- State dates: the var history_months month-ends before the snapshot's
-- first as-of date (the project's first build; the as-of date when the
-- snapshot is empty), so the rebuilt year stays put as the snapshot grows,
-- plus the as-of date itself, where the rebuilt state must equal seg_rfm
-- and seg_lifecycle (tests/segments/assert_history_reproduces_segments.sql).
-- Each state date is its own as-of date, with the rules of the segment
-- models (macros rfm_scores, lifecycle_*): only purchases on or before it
-- count and RFM quintiles rank the buyers of that date. A customer exists
-- at a past date once signed up or once they have ordered.
{%- set as_of_date = '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')' %}
{%- set months = setting('history_months') %}
{%- set window_days = setting('rfm_window_days') %}
{%- set in_window = 'orders.order_date > ' ~ dbt.dateadd(
    'day', -window_days, 'state_dates.state_date'
) if window_days else 'true' %}

with

customers as (
    select
        customer_id,
        signup_at
    from {{ ref('int_customers__resolved') }}
),

orders as (
    select
        customer_id,
        order_date,
        revenue_amount,
        is_completed,
        purchase_number,
        days_since_previous_purchase
    from {{ ref('int_orders__enriched') }}
),

segment_map as (
    select
        r_score,
        f_score,
        m_score,
        rfm_segment
    from {{ ref('rfm_segment_map') }}
),

recorded as (
    select min(as_of_date) as first_recorded_as_of_date
    from {{ ref('snap_customer_segments') }}
),

anchor as (
    select
        least(
            coalesce(recorded.first_recorded_as_of_date, {{ as_of_date }}),
            {{ as_of_date }}
        ) as anchor_date
    from recorded
),

state_dates as (
    {% for months_back in range(1, months + 1) %}
        select
            cast({{ dbt.last_day(
                dbt.dateadd('month', -months_back, 'anchor_date'), 'month'
            ) }} as date) as state_date,
            false as is_as_of_date
        from anchor
        union all
    {% endfor %}
    select
        {{ as_of_date }} as state_date,
        true as is_as_of_date
),

first_orders as (
    select
        customer_id,
        min(order_date) as first_ordered_on
    from orders
    group by customer_id
),

-- who was a customer on each state date (everybody on the as-of date)
customer_states as (
    select
        customers.customer_id,
        state_dates.state_date,
        state_dates.is_as_of_date
    from customers
    cross join state_dates
    left join first_orders
        on customers.customer_id = first_orders.customer_id
    where
        state_dates.is_as_of_date
        or cast(customers.signup_at as date) <= state_dates.state_date
        or first_orders.first_ordered_on <= state_dates.state_date
),

-- every completed purchase up to each state date, aggregated in one pass:
-- the join (about 13 rows per order) streams into the aggregate and is
-- never held in memory
purchase_measures as (
    select
        state_dates.state_date,
        orders.customer_id,
        count(*) as purchase_count,
        min(orders.order_date) as first_purchase_date,
        max(orders.order_date) as last_purchase_date,
        avg(orders.days_since_previous_purchase) as mean_interpurchase_days,
        {{ arg_max(
            'orders.days_since_previous_purchase', 'orders.purchase_number'
        ) }} as last_gap_days,
        {%- if window_days %}
            -- RFM counts only the purchases in the scoring window
            sum(case when {{ in_window }} then 1 else 0 end) as frequency,
            max(case when {{ in_window }} then orders.order_date end)
                as last_window_purchase_date,
            sum(case when {{ in_window }} then orders.revenue_amount end)
                as window_revenue
        {%- else %}
            count(*) as frequency,
            max(orders.order_date) as last_window_purchase_date,
            sum(orders.revenue_amount) as window_revenue
        {%- endif %}
    from orders
    inner join state_dates
        on orders.order_date <= state_dates.state_date
    where orders.is_completed
    group by state_dates.state_date, orders.customer_id
),

rfm_measures as (
    select
        state_date,
        customer_id,
        frequency,
        {{ dbt.datediff('last_window_purchase_date', 'state_date', 'day') }}
            as recency_days,
        cast(window_revenue as decimal(18, 2)) as monetary
    from purchase_measures
    where frequency > 0
),

rfm_scored as (
    select
        state_date,
        customer_id,
        {{ rfm_scores(partition_by='state_date') }}
    from rfm_measures
),

rfm_states as (
    select
        customer_states.customer_id,
        customer_states.state_date,
        customer_states.is_as_of_date,
        'rfm' as segmentation,
        coalesce(segment_map.rfm_segment, 'unknown') as segment,
        {{ rfm_segment_reason(
            'rfm_scored.r_score', 'rfm_scored.f_score', 'rfm_scored.m_score'
        ) }} as segment_reason
    from customer_states
    left join rfm_scored
        on
            customer_states.customer_id = rfm_scored.customer_id
            and customer_states.state_date = rfm_scored.state_date
    left join segment_map
        on
            rfm_scored.r_score = segment_map.r_score
            and rfm_scored.f_score = segment_map.f_score
            and rfm_scored.m_score = segment_map.m_score
),

lifecycle_measures as (
    select
        state_date,
        customer_id,
        purchase_count,
        mean_interpurchase_days,
        last_gap_days,
        {{ dbt.datediff('first_purchase_date', 'state_date', 'day') }}
            as tenure_days,
        {{ dbt.datediff('last_purchase_date', 'state_date', 'day') }}
            as days_since_last_order
    from purchase_measures
),

lifecycle_thresholds as (
    select
        customer_states.customer_id,
        customer_states.state_date,
        customer_states.is_as_of_date,
        lifecycle_measures.tenure_days,
        lifecycle_measures.days_since_last_order,
        lifecycle_measures.last_gap_days,
        coalesce(lifecycle_measures.purchase_count, 0) as purchase_count,
        coalesce(
            lifecycle_measures.mean_interpurchase_days,
            {{ sql_literal(setting('lifecycle_default_interval_days')) }}
        ) as expected_gap_days
    from customer_states
    left join lifecycle_measures
        on
            customer_states.customer_id = lifecycle_measures.customer_id
            and customer_states.state_date = lifecycle_measures.state_date
),

lifecycle_bounded as (
    select
        customer_id,
        state_date,
        is_as_of_date,
        purchase_count,
        tenure_days,
        days_since_last_order,
        last_gap_days,
        {{ lifecycle_threshold_days('expected_gap_days', 'at_risk') }}
            as at_risk_after_days,
        {{ lifecycle_threshold_days('expected_gap_days', 'lapsed') }}
            as lapsed_after_days
    from lifecycle_thresholds
),

lifecycle_states as (
    select
        customer_id,
        state_date,
        is_as_of_date,
        'lifecycle' as segmentation,
        {{ lifecycle_stage(
            'purchase_count', 'tenure_days', 'days_since_last_order',
            'last_gap_days', 'at_risk_after_days', 'lapsed_after_days',
        ) }} as segment,
        {{ lifecycle_segment_reason(
            'purchase_count', 'days_since_last_order',
            'at_risk_after_days', 'lapsed_after_days',
        ) }} as segment_reason
    from lifecycle_bounded
),

unioned as (
    select
        customer_id,
        segmentation,
        state_date,
        is_as_of_date,
        segment,
        segment_reason
    from rfm_states
    union all
    select
        customer_id,
        segmentation,
        state_date,
        is_as_of_date,
        segment,
        segment_reason
    from lifecycle_states
),

final as (
    select
        customer_id,
        segmentation,
        state_date as as_of_date,
        is_as_of_date,
        segment,
        segment_reason
    from unioned
)

select * from final
