{%- set as_of_date = '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')' %}
{%- set included = 'customer_id is not null and cast(started_at as date) <= '
    ~ as_of_date %}

{{ config(
    post_hook="{{ delete_customers_without_rows(
        ref('stg_shop__web_sessions'),
        'cast(started_at as date) <= (select as_of_date from '
            ~ ref('int_as_of_date') ~ ')',
    ) }}",
    **incremental_order_config(),
) }}

-- Per-customer aggregates of the logged-in web and app sessions up to the
-- as-of date: one row per customer with such a session. Sessions, device
-- variety, the share in the native app (browser 'app'), the last session and
-- the most used device, OS and browser (ties: the first by name).
-- Incremental: each run recomputes the customers with a session in the
-- lookback window before the latest session counted or with sessions
-- removed since (changed_customers).
with

{% if is_incremental() %}
    changed as (
        {{ changed_customers(
            ref('stg_shop__web_sessions'),
            'started_at',
            'last_session_at',
            'session_count',
            included,
        ) }}
    ),

{% endif %}
sessions as (
    select
        customer_id,
        device_type,
        os,
        browser,
        started_at
    from {{ ref('stg_shop__web_sessions') }}
    where {{ included }}
    {% if is_incremental() %}
        and customer_id in (select changed.customer_id from changed)
    {% endif %}
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
        session_stats.customer_id,
        session_stats.session_count,
        session_stats.device_type_count,
        session_stats.last_session_at,
        session_stats.app_session_share,
        top_device_type.device_type as primary_device,
        top_os.os as primary_os,
        top_browser.browser as primary_browser
    from session_stats
    left join top_device_type
        on session_stats.customer_id = top_device_type.customer_id
    left join top_os
        on session_stats.customer_id = top_os.customer_id
    left join top_browser
        on session_stats.customer_id = top_browser.customer_id
)

select * from final
