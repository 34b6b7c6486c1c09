-- Audience membership: one row per audience (var audiences) and customer who
-- matches the audience's include rules, with what happens to them:
--   suppressed  may not be contacted on the channel (built into the
--               compiled SQL of every audience, see macro
--               audience_suppression_reason): no consent, unsubscribed,
--               bounced, complained, opted out of data sale, no contact;
--   excluded    matched one of the audience's own exclude rules;
--   holdout     eligible, kept as control: hash(audience, customer) below
--               the audience's holdout share;
--   treatment   eligible and not in the holdout.
-- On each channel a customer is sent from one audience only: the
-- highest-priority audience they are eligible for (channel_priority_rank
-- 1). is_sent marks who is sent; a holdout customer of that audience is
-- sent nothing on the channel. Erased customers are in no audience.
{%- set as_of_date = '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')' %}
{%- set audiences = audiences() %}

with

customers as (
    select
        {{ audience_columns(audiences) | join(',\n        ') }}
    from {{ ref('dim_customers') }}
),

consent as (
    select
        customer_id,
        has_email_consent,
        has_sms_consent,
        has_data_sale_opt_out,
        is_unsubscribed,
        has_bounced,
        has_complained,
        is_erasure_requested
    from {{ ref('int_customers__consent') }}
),

as_of as (
    select {{ as_of_date }} as as_of_date
),

matched as (
    {% if audiences %}
        {% for audience in audiences %}
            {{ audience_sql(audience, 'customers', 'consent') }}
            {% if not loop.last %}union all{% endif %}
        {% endfor %}
    {% else %}
        -- no audience defined: an empty, typed table
        select
            cast(null as {{ dbt.type_string() }}) as audience,
            cast(null as {{ dbt.type_string() }}) as channel,
            cast(null as integer) as priority,
            cast(null as double) as holdout_share,
            cast(null as {{ dbt.type_string() }}) as customer_id,
            cast(null as {{ dbt.type_string() }}) as match_reason,
            cast(null as {{ dbt.type_string() }}) as exclusion_reason,
            cast(null as {{ dbt.type_string() }}) as suppression_reason,
            false as is_in_holdout_group
        from as_of
        where false
    {% endif %}
),

assigned as (
    select
        audience,
        channel,
        priority,
        holdout_share,
        customer_id,
        match_reason,
        exclusion_reason,
        suppression_reason,
        case
            when suppression_reason is not null then 'suppressed'
            when exclusion_reason is not null then 'excluded'
            when is_in_holdout_group then 'holdout'
            else 'treatment'
        end as status,
        suppression_reason is null
        and exclusion_reason is null as is_eligible
    from matched
),

ranked as (
    select
        audience,
        channel,
        priority,
        holdout_share,
        customer_id,
        match_reason,
        exclusion_reason,
        suppression_reason,
        status,
        case
            -- a bigint on every engine (Spark's row_number is an int)
            when is_eligible
                then cast(row_number() over (
                        partition by customer_id, channel, is_eligible
                        order by priority asc
                    ) as bigint)
        end as channel_priority_rank,
        first_value(audience) over (
            partition by customer_id, channel, is_eligible
            order by priority asc
            rows between unbounded preceding and unbounded following
        ) as channel_audience
    from assigned
),

final as (
    select
        ranked.audience,
        ranked.channel,
        ranked.priority,
        ranked.holdout_share,
        ranked.customer_id,
        ranked.status,
        ranked.suppression_reason,
        ranked.channel_priority_rank,
        as_of.as_of_date,
        ranked.status = 'holdout' as is_holdout,
        coalesce(
            ranked.status = 'treatment' and ranked.channel_priority_rank = 1,
            false
        ) as is_sent,
        case
            when ranked.status = 'suppressed'
                then
                    'excluded: '
                    || case ranked.suppression_reason
                        when 'no_consent'
                            then 'no ' || ranked.channel || ' consent'
                        when 'unsubscribed' then 'unsubscribed'
                        when 'bounced' then 'email bounced'
                        when 'complained' then 'spam complaint'
                        when 'data_sale_opt_out' then 'opted out of data sale'
                        when 'no_contact'
                            then
                                case ranked.channel
                                    when 'email' then 'no valid email'
                                    when 'sms' then 'no valid phone'
                                    else 'no valid email or phone to match'
                                end
                    end
            when ranked.status = 'excluded' then ranked.exclusion_reason
            else
                ranked.match_reason
                || case
                    when ranked.status = 'holdout'
                        then '; not excluded; holdout (control group)'
                    else '; not excluded'
                end
                || case
                    when ranked.channel_priority_rank > 1
                        then
                            '; not sent: higher-priority audience '
                            || ranked.channel_audience
                    else ''
                end
        end as reason
    from ranked
    cross join as_of
)

select * from final
