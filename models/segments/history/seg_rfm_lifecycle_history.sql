{{ config(
    materialized=incremental_materialization(),
    incremental_strategy='delete+insert',
    unique_key='as_of_date',
    on_schema_change='fail',
    post_hook="
        {%- if is_incremental() -%}
        {%- set as_of = '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')' -%}
        {%- set anchor = 'least(coalesce((select min(as_of_date) from '
            ~ ref('seg_build_history') ~ '), ' ~ as_of ~ '), ' ~ as_of ~ ')' -%}
        delete from {{ this }}
        where
            (is_as_of_date and as_of_date != {{ as_of }})
            or (not is_as_of_date and (
                as_of_date >= {{ anchor }}
                or as_of_date < cast({{ dbt.last_day(dbt.dateadd(
                    'month', -setting('history_months'), anchor
                ), 'month') }} as date)
            ))
        {%- endif -%}",
) }}

-- RFM and lifecycle computed once, over a date spine: one row per customer
-- and state date. The state dates are the var history_months month-ends
-- before the anchor (the as-of date of the first build, seg_build_history;
-- the as-of date itself when it is earlier), so the rebuilt year stays put
-- as the snapshot grows, and the as-of date, whose slice is seg_rfm and
-- seg_lifecycle. Each state date is its own as-of date, with the same rules
-- (macros rfm_scores, lifecycle_*): only purchases on or before it count
-- and RFM quintiles rank the buyers of that date. A customer exists at a
-- past date once signed up or once they have ordered.
-- Incremental by state date: the as-of date is recomputed on every run; a
-- past month-end only when its inputs changed, i.e. when inputs_hash (the
-- orders and customers dated up to it, the RFM map and the rule vars) is
-- not the one it was computed with (a late or corrected row before it, a
-- changed var), or when it is new (the anchor moved). The post-hook drops
-- the state dates that left the spine (macro delete_stale_state_dates).
{%- set as_of_date = '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')' %}
{%- set months = setting('history_months') %}
{%- set window_days = setting('rfm_window_days') %}
{%- set in_window = 'orders.order_date > ' ~ dbt.dateadd(
    'day', -window_days, 'state_dates.state_date'
) if window_days else 'true' %}
{#- every var the rules read: a change recomputes every state date -#}
{%- set rule_vars = {} %}
{%- for name in [
    'rfm_scoring', 'rfm_thresholds', 'rfm_window_days',
    'lifecycle_new_days', 'lifecycle_default_interval_days',
    'lifecycle_at_risk_factor', 'lifecycle_lapsed_factor',
    'lifecycle_min_at_risk_days', 'lifecycle_max_at_risk_days',
    'lifecycle_min_lapsed_days', 'lifecycle_max_lapsed_days',
] %}
    {%- do rule_vars.update({name: setting(name)}) %}
{%- endfor %}
{%- set rules_hash = local_md5(tojson(rule_vars, sort_keys=true)) %}
{%- set text = dbt.type_string() %}
{#- the run's number: one more than any row already computed (the previous
    table's, on a full refresh too), so the change detection downstream
    sees which state dates are new; 1 on the first build, and on Spark,
    which drops a table before rebuilding it (nothing is incremental there)
-#}
{%- set previous = load_relation(this)
    if execute and this is not none and target.type != 'spark' else none %}
{%- if previous is not none %}
    {%- set this_run -%}
        (select coalesce(max(computed_in_run), 0) + 1 from {{ this }})
    {%- endset %}
{%- else %}
    {%- set this_run = '1' %}
{%- endif %}

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

builds as (
    select as_of_date
    from {{ ref('seg_build_history') }}
),

anchor as (
    select
        least(
            coalesce(min(as_of_date), {{ as_of_date }}), {{ as_of_date }}
        ) as anchor_date
    from builds
),

spine as (
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

-- ---- what each past month-end depends on, per month: every order row and
-- every customer's first day (signup or first order), hashed and summed,
-- so a month-end's inputs are the months up to it
order_months as (
    select
        cast({{ dbt.last_day('order_date', 'month') }} as date) as month_end,
        count(*) as row_count,
        sum(
            cast(
                {{ record_hash([
                    'customer_id', 'order_date', 'revenue_amount',
                    'is_completed', 'purchase_number',
                    'days_since_previous_purchase',
                ]) }} as decimal(38, 0)
            )
        ) as row_hash_sum
    from orders
    group by cast({{ dbt.last_day('order_date', 'month') }} as date)
),

customer_entries as (
    select
        customers.customer_id,
        case
            when first_orders.first_ordered_on is null
                then cast(customers.signup_at as date)
            when customers.signup_at is null
                then first_orders.first_ordered_on
            else
                least(
                    cast(customers.signup_at as date),
                    first_orders.first_ordered_on
                )
        end as entered_on
    from customers
    left join first_orders
        on customers.customer_id = first_orders.customer_id
),

customer_months as (
    select
        cast({{ dbt.last_day('entered_on', 'month') }} as date) as month_end,
        count(*) as row_count,
        sum(
            cast(
                {{ record_hash(['customer_id', 'entered_on']) }}
                as decimal(38, 0)
            )
        ) as row_hash_sum
    from customer_entries
    where entered_on is not null
    group by cast({{ dbt.last_day('entered_on', 'month') }} as date)
),

map_hash as (
    select
        count(*) as row_count,
        coalesce(
            sum(
                cast(
                    {{ record_hash([
                        'r_score', 'f_score', 'm_score', 'rfm_segment',
                    ]) }} as decimal(38, 0)
                )
            ),
            0
        ) as row_hash_sum
    from segment_map
),

input_months as (
    select
        month_end,
        row_count,
        row_hash_sum
    from order_months
    union all
    select
        month_end,
        row_count,
        row_hash_sum
    from customer_months
),

state_inputs as (
    select
        spine.state_date,
        coalesce(sum(input_months.row_count), 0) as input_rows,
        coalesce(sum(input_months.row_hash_sum), 0) as input_hash_sum
    from spine
    left join input_months
        on spine.state_date >= input_months.month_end
    where not spine.is_as_of_date
    group by spine.state_date
),

fingerprints as (
    select
        spine.state_date,
        spine.is_as_of_date,
        -- the as-of date is recomputed on every run: no fingerprint
        case
            when not spine.is_as_of_date
                then
                    '{{ rules_hash }}'
                    || '|' || cast(map_hash.row_count as {{ text }})
                    || '|' || cast(map_hash.row_hash_sum as {{ text }})
                    || '|' || cast(state_inputs.input_rows as {{ text }})
                    || '|' || cast(state_inputs.input_hash_sum as {{ text }})
        end as inputs_hash
    from spine
    cross join map_hash
    left join state_inputs
        on spine.state_date = state_inputs.state_date
),

-- the state dates this run computes: all of them on a full build; on an
-- incremental one the as-of date and the month-ends without a stored
-- state of the same inputs
state_dates as (
    select
        fingerprints.state_date,
        fingerprints.is_as_of_date,
        fingerprints.inputs_hash
    from fingerprints
    {% if is_incremental() %}
        where
            fingerprints.is_as_of_date
            or not exists (
                select 1
                from (
                    select distinct
                        stored.as_of_date,
                        stored.inputs_hash
                    from {{ this }} as stored
                    where not stored.is_as_of_date
                ) as computed
                where
                    computed.as_of_date = fingerprints.state_date
                    and computed.inputs_hash = fingerprints.inputs_hash
            )
    {% endif %}
),

-- who was a customer on each state date (everybody on the as-of date)
customer_states as (
    select
        customers.customer_id,
        state_dates.state_date,
        state_dates.is_as_of_date,
        state_dates.inputs_hash
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
-- the join (about 13 rows per order on a full build) streams into the
-- aggregate and is never held in memory
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
        recency_days,
        frequency,
        monetary,
        {{ rfm_scores(partition_by='state_date') }}
    from rfm_measures
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

measured as (
    select
        customer_states.customer_id,
        customer_states.state_date,
        customer_states.is_as_of_date,
        customer_states.inputs_hash,
        rfm_scored.recency_days,
        rfm_scored.monetary,
        rfm_scored.frequency,
        rfm_scored.r_score,
        rfm_scored.f_score,
        rfm_scored.m_score,
        segment_map.rfm_segment,
        lifecycle_measures.tenure_days,
        lifecycle_measures.days_since_last_order,
        lifecycle_measures.last_gap_days,
        coalesce(lifecycle_measures.purchase_count, 0) as purchase_count,
        coalesce(
            lifecycle_measures.mean_interpurchase_days,
            {{ sql_literal(setting('lifecycle_default_interval_days')) }}
        ) as expected_gap_days
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
    left join lifecycle_measures
        on
            customer_states.customer_id = lifecycle_measures.customer_id
            and customer_states.state_date = lifecycle_measures.state_date
),

bounded as (
    select
        customer_id,
        state_date,
        is_as_of_date,
        inputs_hash,
        recency_days,
        monetary,
        frequency,
        r_score,
        f_score,
        m_score,
        rfm_segment,
        tenure_days,
        days_since_last_order,
        last_gap_days,
        purchase_count,
        expected_gap_days,
        {{ lifecycle_threshold_days('expected_gap_days', 'at_risk') }}
            as at_risk_after_days,
        {{ lifecycle_threshold_days('expected_gap_days', 'lapsed') }}
            as lapsed_after_days
    from measured
),

final as (
    select
        customer_id,
        state_date as as_of_date,
        is_as_of_date,
        recency_days,
        monetary,
        cast(r_score as integer) as r_score,
        cast(f_score as integer) as f_score,
        cast(m_score as integer) as m_score,
        cast(coalesce(frequency, 0) as integer) as frequency,
        case
            when r_score is not null
                then
                    cast(r_score as {{ dbt.type_string() }})
                    || cast(f_score as {{ dbt.type_string() }})
                    || cast(m_score as {{ dbt.type_string() }})
        end as rfm_code,
        coalesce(rfm_segment, 'unknown') as rfm_segment,
        {{ rfm_segment_reason('r_score', 'f_score', 'm_score') }}
            as rfm_segment_reason,
        days_since_last_order,
        expected_gap_days,
        at_risk_after_days,
        lapsed_after_days,
        {{ lifecycle_stage(
            'purchase_count', 'tenure_days', 'days_since_last_order',
            'last_gap_days', 'at_risk_after_days', 'lapsed_after_days',
        ) }} as lifecycle_segment,
        {{ lifecycle_segment_reason(
            'purchase_count', 'days_since_last_order',
            'at_risk_after_days', 'lapsed_after_days',
        ) }} as lifecycle_segment_reason,
        inputs_hash,
        cast({{ this_run }} as bigint) as computed_in_run
    from bounded
)

select * from final
