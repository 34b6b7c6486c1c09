-- Social media features: one row per customer from the social interactions up
-- to the as-of date. A platform is followed when the customer's latest follow
-- or unfollow on it is a follow. Interactions of the last 90 days (the 90 days
-- ending on the as-of date) are counted by kind; advocacy actions are shares,
-- mentions and reviews; the mean sentiment covers the interactions that
-- carry one. Customers without any interaction have has_social_data false,
-- zero counts and null dates and sentiment.
{%- set as_of_date = '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')' %}
{%- set recent_days = 90 %}
{%- set kinds = ['like', 'comment', 'share', 'mention', 'message', 'review'] %}
with

customers as (
    select customer_id
    from {{ ref('stg_shop__customers') }}
),

interactions as (
    select
        customer_id,
        platform,
        interaction_type,
        occurred_at,
        sentiment,
        cast(occurred_at as date) > {{ dbt.dateadd(
            'day', -recent_days, as_of_date
        ) }} as is_recent
    from {{ ref('stg_shop__social_interactions') }}
    where cast(occurred_at as date) <= {{ as_of_date }}
),

-- the latest follow or unfollow per customer and platform (ties: unfollow)
follow_states as (
    select
        customer_id,
        platform,
        interaction_type = 'follow' as is_following
    from (
        select
            customer_id,
            platform,
            interaction_type,
            row_number() over (
                partition by customer_id, platform
                order by occurred_at desc, interaction_type desc
            ) as state_rank
        from interactions
        where interaction_type in ('follow', 'unfollow')
    ) as ranked
    where state_rank = 1
),

follows as (
    select
        customer_id,
        count(*) as platforms_ever_followed,
        sum(case when is_following then 1 else 0 end) as platforms_followed
    from follow_states
    group by customer_id
),

per_customer as (
    select
        customer_id,
        count(*) as interaction_count,
        max(occurred_at) as last_interaction_at,
        {% for kind in kinds %}
            sum(
                case
                    when is_recent and interaction_type = '{{ kind }}' then 1
                    else 0
                end
            ) as {{ kind }}s_90d,
        {% endfor %}
        sum(
            case
                when
                    is_recent
                    and interaction_type not in ('follow', 'unfollow')
                    then 1
                else 0
            end
        ) as interactions_90d,
        sum(
            case
                when interaction_type in ('share', 'mention', 'review') then 1
                else 0
            end
        ) as advocacy_actions,
        sum(
            case
                when
                    is_recent
                    and interaction_type in ('share', 'mention', 'review')
                    then 1
                else 0
            end
        ) as advocacy_actions_90d,
        count(sentiment) as sentiment_count,
        -- an exact sum (decimal), so the mean does not depend on the order
        -- the rows are read in (a rebuild gives the same value to the bit)
        cast(
            sum(cast(sentiment as decimal(18, 6))) / count(sentiment) as double
        ) as mean_sentiment
    from interactions
    group by customer_id
),

final as (
    select
        customers.customer_id,
        per_customer.customer_id is not null as has_social_data,
        cast(
            coalesce(follows.platforms_followed, 0) as integer
        ) as platforms_followed,
        cast(
            coalesce(follows.platforms_ever_followed, 0) as integer
        ) as platforms_ever_followed,
        cast(
            coalesce(per_customer.interaction_count, 0) as integer
        ) as interaction_count,
        cast(
            coalesce(per_customer.interactions_90d, 0) as integer
        ) as interactions_90d,
        {% for kind in kinds %}
            cast(
                coalesce(per_customer.{{ kind }}s_90d, 0) as integer
            ) as {{ kind }}s_90d,
        {% endfor %}
        cast(
            coalesce(per_customer.advocacy_actions, 0) as integer
        ) as advocacy_actions,
        cast(
            coalesce(per_customer.advocacy_actions_90d, 0) as integer
        ) as advocacy_actions_90d,
        cast(
            coalesce(per_customer.sentiment_count, 0) as integer
        ) as sentiment_count,
        per_customer.mean_sentiment,
        per_customer.last_interaction_at,
        {{ dbt.datediff(
            'cast(per_customer.last_interaction_at as date)', as_of_date, 'day'
        ) }} as days_since_last_interaction
    from customers
    left join per_customer
        on customers.customer_id = per_customer.customer_id
    left join follows
        on customers.customer_id = follows.customer_id
)

select * from final
