-- Technographics: one row per customer from logged-in web and app sessions
-- up to the as-of date (the most used device, OS and browser; sessions in
-- the native app have browser 'app') and from purchases (preferred channel).
{%- set as_of_date = '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')' %}
with

customers as (
    select customer_id
    from {{ ref('stg_shop__customers') }}
),

sessions as (
    select
        customer_id,
        device_type,
        os,
        browser,
        started_at
    from {{ ref('stg_shop__web_sessions') }}
    where
        customer_id is not null
        and cast(started_at as date) <= {{ as_of_date }}
),

behavior as (
    select
        customer_id,
        primary_purchase_channel,
        app_purchase_share,
        web_purchase_share
    from {{ ref('int_customers__behavioral_features') }}
),

session_stats as (
    select
        customer_id,
        count(*) as session_count,
        count(distinct device_type) as device_type_count,
        max(started_at) as last_session_at,
        avg(case when browser = 'app' then 1 else 0 end)
            as app_session_share
    from sessions
    group by customer_id
),

{% for attribute in ['device_type', 'os', 'browser'] %}
    top_{{ attribute }} as (
        select
            customer_id,
            {{ attribute }}
        from (
            select
                customer_id,
                {{ attribute }},
                row_number() over (
                    partition by customer_id
                    order by count(*) desc, {{ attribute }} asc
                ) as attribute_rank
            from sessions
            where {{ attribute }} is not null
            group by customer_id, {{ attribute }}
        ) as ranked
        where attribute_rank = 1
    ),

{% endfor %}

final as (
    select
        customers.customer_id,
        session_stats.last_session_at,
        session_stats.app_session_share,
        behavior.app_purchase_share,
        behavior.web_purchase_share,
        cast(
            coalesce(session_stats.session_count, 0) as integer
        ) as session_count,
        cast(
            coalesce(session_stats.device_type_count, 0) as integer
        ) as device_type_count,
        coalesce(top_device_type.device_type, 'unknown') as primary_device,
        coalesce(top_os.os, 'unknown') as primary_os,
        coalesce(top_browser.browser, 'unknown') as primary_browser,
        coalesce(
            behavior.primary_purchase_channel, 'unknown'
        ) as preferred_channel
    from customers
    left join session_stats
        on customers.customer_id = session_stats.customer_id
    left join top_device_type
        on customers.customer_id = top_device_type.customer_id
    left join top_os
        on customers.customer_id = top_os.customer_id
    left join top_browser
        on customers.customer_id = top_browser.customer_id
    left join behavior
        on customers.customer_id = behavior.customer_id
)

select * from final
