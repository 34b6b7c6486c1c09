-- Audience sizes: one row per audience of var audiences (also when nobody
-- matches), counting the customers of fct_audience_members: included by
-- the include rules, excluded by the audience's exclude rules, suppressed
-- (in total and by reason), eligible = treatment + holdout, and sent (the
-- treatment customers for whom this is their channel's highest-priority
-- audience). included = excluded + suppressed + eligible.
{%- set as_of_date = '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')' %}
{%- set audiences = audiences() %}
{%- set reasons = [
    'no_consent', 'unsubscribed', 'bounced', 'complained',
    'data_sale_opt_out', 'no_contact',
] %}

with

members as (
    select
        audience,
        status,
        suppression_reason,
        is_sent
    from {{ ref('fct_audience_members') }}
),

as_of as (
    select {{ as_of_date }} as as_of_date
),

definitions as (
    {% if audiences %}
        {% for audience in audiences %}
            select
                {{ sql_literal(audience.name) }} as audience,
                {{ sql_literal(audience.channel) }} as channel,
                {{ sql_literal(audience.priority) }} as priority,
                cast(
                    {{ sql_literal(audience.holdout_share) }} as double
                ) as holdout_share,
                {{ sql_literal(audience.description) }} as audience_description
            from as_of
            {% if not loop.last %}union all{% endif %}
        {% endfor %}
    {% else %}
        select
            cast(null as {{ dbt.type_string() }}) as audience,
            cast(null as {{ dbt.type_string() }}) as channel,
            cast(null as integer) as priority,
            cast(null as double) as holdout_share,
            cast(null as {{ dbt.type_string() }}) as audience_description
        from as_of
        where false
    {% endif %}
),

counts as (
    select
        audience,
        count(*) as included,
        sum(case when status = 'excluded' then 1 else 0 end) as excluded,
        sum(case when status = 'suppressed' then 1 else 0 end) as suppressed,
        {% for reason in reasons %}
            sum(
                case when suppression_reason = '{{ reason }}' then 1 else 0 end
            ) as suppressed_{{ reason }},
        {% endfor %}
        sum(case when status = 'treatment' then 1 else 0 end) as treatment,
        sum(case when status = 'holdout' then 1 else 0 end) as holdout,
        sum(case when is_sent then 1 else 0 end) as sent
    from members
    group by audience
),

final as (
    select
        definitions.audience,
        definitions.channel,
        definitions.priority,
        definitions.holdout_share,
        definitions.audience_description,
        as_of.as_of_date,
        cast(coalesce(counts.included, 0) as bigint) as included,
        cast(coalesce(counts.excluded, 0) as bigint) as excluded,
        cast(coalesce(counts.suppressed, 0) as bigint) as suppressed,
        {% for reason in reasons %}
            cast(
                coalesce(counts.suppressed_{{ reason }}, 0) as bigint
            ) as suppressed_{{ reason }},
        {% endfor %}
        cast(
            coalesce(counts.treatment, 0) + coalesce(counts.holdout, 0)
            as bigint
        ) as eligible,
        cast(coalesce(counts.treatment, 0) as bigint) as treatment,
        cast(coalesce(counts.holdout, 0) as bigint) as holdout,
        cast(coalesce(counts.sent, 0) as bigint) as sent,
        cast(
            coalesce(counts.treatment, 0) - coalesce(counts.sent, 0) as bigint
        ) as treatment_not_sent,
        cast(coalesce(counts.holdout, 0) as double)
        / nullif(
            coalesce(counts.treatment, 0) + coalesce(counts.holdout, 0), 0
        ) as holdout_share_actual
    from definitions
    cross join as_of
    left join counts
        on definitions.audience = counts.audience
)

select * from final
