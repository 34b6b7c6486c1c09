-- The customer 360: one row per customer with profile, contact details
-- (flagged PII), every feature family and the segment in every
-- segmentation, as of the as-of date. Customers who asked to be erased
-- (int_customers__consent) are left out.
with

customers as (
    select
        customer_id,
        first_name,
        last_name,
        email,
        email_status,
        phone,
        phone_status,
        signup_at,
        acquisition_channel
    from {{ ref('int_customers__resolved') }}
),

not_erased as (
    select customer_id
    from {{ ref('int_customers__not_erased') }}
),

behavior as (
    select
        customer_id,
        order_count,
        purchase_count,
        completed_revenue,
        avg_order_value,
        first_order_date,
        last_order_date,
        tenure_days,
        days_since_last_order,
        btyd_recency_days,
        mean_interpurchase_days,
        stddev_interpurchase_days,
        expected_next_order_date,
        cancel_rate,
        return_rate,
        discount_order_share,
        discount_amount_share,
        primary_purchase_channel,
        top_category,
        category_count,
        has_only_quarantined_orders
    from {{ ref('int_customers__behavioral_features') }}
),

frequency as (
    select
        customer_id,
        active_months,
        purchases_per_active_month,
        purchases_per_month,
        typical_interval_days,
        purchases_last_90_days,
        purchases_last_365_days
    from {{ ref('int_customers__frequency_features') }}
),

demographics as (
    select
        customer_id,
        gender,
        age,
        age_band,
        income_band,
        household_type,
        education,
        occupation,
        marital_status
    from {{ ref('int_customers__demographic_features') }}
),

geography as (
    select
        customer_id,
        country_code,
        country_name,
        world_region,
        world_subregion,
        state_or_province,
        city
    from {{ ref('int_customers__geographic_features') }}
),

psychographics as (
    select
        customer_id,
        interests,
        personal_values,
        lifestyle,
        shopping_motivation,
        price_sensitivity,
        price_sensitivity_source
    from {{ ref('int_customers__psychographic_features') }}
),

technographics as (
    select
        customer_id,
        session_count,
        primary_device,
        primary_os,
        primary_browser,
        app_session_share,
        preferred_channel
    from {{ ref('int_customers__technographic_features') }}
),

engagement as (
    select
        customer_id,
        campaigns_delivered,
        open_rate,
        click_rate,
        days_since_last_engagement,
        is_unsubscribed,
        has_bounced,
        has_complained
    from {{ ref('int_customers__engagement_features') }}
),

shopping_time as (
    select
        customer_id,
        preferred_daypart,
        preferred_daypart_basis,
        preferred_browsing_daypart,
        preferred_weekday,
        weekend_order_share
    from {{ ref('int_customers__shopping_time_features') }}
),

send_time as (
    select
        customer_id,
        best_send_hour,
        best_send_hour_reason
    from {{ ref('int_customers__send_time_features') }}
),

rfm as (
    select
        customer_id,
        r_score,
        f_score,
        m_score,
        rfm_code
    from {{ ref('seg_rfm') }}
),

clusters as (
    select
        customer_id,
        cluster_name
    from {{ ref('seg_cluster') }}
),

predictions as (
    select
        customer_id,
        predicted_clv,
        p_alive,
        expected_purchases,
        p_no_purchase
    from {{ ref('seg_clv_predictions') }}
),

segments as (
    select
        customer_id,
        {% for segmentation in segmentations() %}
            max(
                case when segmentation = '{{ segmentation }}' then segment end
            ) as {{ segmentation }}_segment,
        {% endfor %}
        max(as_of_date) as as_of_date
    from {{ ref('seg_memberships') }}
    group by customer_id
),

final as (
    select
        customers.customer_id,
        customers.first_name,
        customers.last_name,
        customers.email,
        customers.email_status,
        customers.phone,
        customers.phone_status,
        customers.signup_at,
        customers.acquisition_channel,
        demographics.gender,
        demographics.age,
        demographics.age_band,
        demographics.income_band,
        demographics.household_type,
        demographics.education,
        demographics.occupation,
        demographics.marital_status,
        geography.country_code,
        geography.country_name,
        geography.world_region,
        geography.world_subregion,
        geography.state_or_province,
        geography.city,
        behavior.order_count,
        behavior.purchase_count,
        behavior.completed_revenue,
        behavior.avg_order_value,
        behavior.first_order_date,
        behavior.last_order_date,
        behavior.tenure_days,
        behavior.days_since_last_order,
        behavior.btyd_recency_days,
        behavior.mean_interpurchase_days,
        behavior.stddev_interpurchase_days,
        behavior.expected_next_order_date,
        behavior.cancel_rate,
        behavior.return_rate,
        behavior.discount_order_share,
        behavior.discount_amount_share,
        behavior.primary_purchase_channel,
        behavior.top_category,
        behavior.category_count,
        behavior.has_only_quarantined_orders,
        frequency.active_months,
        frequency.purchases_per_active_month,
        frequency.purchases_per_month,
        frequency.typical_interval_days,
        frequency.purchases_last_90_days,
        frequency.purchases_last_365_days,
        psychographics.interests,
        psychographics.personal_values,
        psychographics.lifestyle,
        psychographics.shopping_motivation,
        psychographics.price_sensitivity,
        psychographics.price_sensitivity_source,
        technographics.session_count,
        technographics.primary_device,
        technographics.primary_os,
        technographics.primary_browser,
        technographics.app_session_share,
        technographics.preferred_channel,
        engagement.campaigns_delivered,
        engagement.open_rate,
        engagement.click_rate,
        engagement.days_since_last_engagement,
        engagement.is_unsubscribed,
        engagement.has_bounced,
        engagement.has_complained,
        shopping_time.preferred_daypart,
        shopping_time.preferred_daypart_basis,
        shopping_time.preferred_browsing_daypart,
        shopping_time.preferred_weekday,
        shopping_time.weekend_order_share,
        send_time.best_send_hour,
        send_time.best_send_hour_reason,
        rfm.r_score,
        rfm.f_score,
        rfm.m_score,
        rfm.rfm_code,
        {% for segmentation in segmentations() %}
            segments.{{ segmentation }}_segment,
        {% endfor %}
        clusters.cluster_name,
        predictions.predicted_clv,
        predictions.p_alive,
        predictions.expected_purchases,
        predictions.p_no_purchase,
        segments.as_of_date
    from customers
    inner join not_erased on customers.customer_id = not_erased.customer_id
    left join behavior on customers.customer_id = behavior.customer_id
    left join frequency on customers.customer_id = frequency.customer_id
    left join demographics on customers.customer_id = demographics.customer_id
    left join geography on customers.customer_id = geography.customer_id
    left join psychographics
        on customers.customer_id = psychographics.customer_id
    left join technographics
        on customers.customer_id = technographics.customer_id
    left join engagement on customers.customer_id = engagement.customer_id
    left join shopping_time
        on customers.customer_id = shopping_time.customer_id
    left join send_time on customers.customer_id = send_time.customer_id
    left join rfm on customers.customer_id = rfm.customer_id
    left join clusters on customers.customer_id = clusters.customer_id
    left join segments on customers.customer_id = segments.customer_id
    left join predictions on customers.customer_id = predictions.customer_id
)

select * from final
