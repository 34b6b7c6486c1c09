-- Social media segment: one row per customer. First match wins:
-- unknown (the source has no social interactions at all up to the as-of
-- date: no table, or an empty one), not_social (this customer has none),
-- advocate (at least var social_advocate_min_actions shares, mentions or
-- reviews in the last 90 days), engaged_follower (at least var
-- social_engaged_min_interactions interactions in the last 90 days),
-- lapsed_follower (followed and unfollowed everywhere, or no interaction for
-- more than var social_lapsed_days), passive_follower (the rest: follows or
-- interacts, rarely; lurkers).
with

social as (
    select
        customer_id,
        has_social_data,
        platforms_followed,
        platforms_ever_followed,
        interactions_90d,
        advocacy_actions_90d,
        days_since_last_interaction
    from {{ ref('int_customers__social_features') }}
),

source_has_data as (
    select max(case when has_social_data then 1 else 0 end) = 1 as has_data
    from social
),

final as (
    select
        social.customer_id,
        social.platforms_followed,
        social.interactions_90d,
        social.advocacy_actions_90d,
        social.days_since_last_interaction,
        case
            when not coalesce(source_has_data.has_data, false) then 'unknown'
            when not social.has_social_data then 'not_social'
            when
                social.advocacy_actions_90d
                >= {{ sql_literal(setting('social_advocate_min_actions')) }}
                then 'advocate'
            when
                social.interactions_90d
                >= {{ sql_literal(setting('social_engaged_min_interactions')) }}
                then 'engaged_follower'
            when
                (
                    social.platforms_ever_followed > 0
                    and social.platforms_followed = 0
                )
                or social.days_since_last_interaction
                > {{ sql_literal(setting('social_lapsed_days')) }}
                then 'lapsed_follower'
            else 'passive_follower'
        end as segment,
        case
            when not coalesce(source_has_data.has_data, false)
                then 'no social interactions in the source'
            when not social.has_social_data then 'no social interactions'
            else
                'follows on '
                || cast(social.platforms_followed as {{ dbt.type_string() }})
                || ' platform(s), '
                || cast(social.interactions_90d as {{ dbt.type_string() }})
                || ' interactions and '
                || cast(
                    social.advocacy_actions_90d as {{ dbt.type_string() }}
                )
                || ' advocacy actions in 90 days, last '
                || cast(
                    social.days_since_last_interaction
                    as {{ dbt.type_string() }}
                )
                || ' days ago'
        end as segment_reason
    from social
    cross join source_has_data
)

select * from final
