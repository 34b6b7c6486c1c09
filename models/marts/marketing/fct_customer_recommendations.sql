-- Personalisation: one row per customer with the next best category and the
-- recommended offer of their segment.
--   segment   the customer's segment in var recommendation_segmentation
--             (default rfm; any segmentation works, e.g. cluster);
--   category  among the categories the customer has not bought yet, the
--             one bought by the largest share of the segment's buyers
--             (completed purchases; ties to the alphabetically first); when
--             the segment offers none (no buyers, e.g. RFM 'unknown', or the
--             customer has every category its buyers have), the one bought
--             by the most buyers overall; none when the customer has bought
--             every category (or nobody bought anything categorised);
--   offer     the segment's recommended_action in seeds/segment_catalog.csv.
-- Customers who asked to be erased are left out.
{%- set as_of_date = '(select as_of_date from ' ~ ref('int_as_of_date') ~ ')' %}
{%- set segmentation = setting('recommendation_segmentation') %}

with

memberships as (
    select
        customer_id,
        segment
    from {{ ref('seg_memberships') }}
    where segmentation = {{ sql_literal(segmentation) }}
),

not_erased as (
    select customer_id
    from {{ ref('int_customers__not_erased') }}
),

order_items as (
    select
        customer_id,
        category
    from {{ ref('int_order_items__enriched') }}
    where
        is_completed
        and category != 'unknown'
),

catalog as (
    select
        segment,
        recommended_action
    from {{ ref('segment_catalog') }}
    where segmentation = {{ sql_literal(segmentation) }}
),

segment_names as (
    select
        segment,
        segment_name
    from {{ ref('seg_segment_names') }}
    where segmentation = {{ sql_literal(segmentation) }}
),

customers as (
    select
        memberships.customer_id,
        memberships.segment
    from memberships
    inner join not_erased
        on memberships.customer_id = not_erased.customer_id
),

purchased as (
    select distinct
        customer_id,
        category
    from order_items
),

-- popularity is measured on every buyer, erased ones included: it is an
-- aggregate, and their purchases happened
segment_buyers as (
    select
        memberships.segment,
        count(distinct purchased.customer_id) as buyers
    from purchased
    inner join memberships
        on purchased.customer_id = memberships.customer_id
    group by memberships.segment
),

segment_popularity as (
    select
        memberships.segment,
        purchased.category,
        count(*) as category_buyers
    from purchased
    inner join memberships
        on purchased.customer_id = memberships.customer_id
    group by memberships.segment, purchased.category
),

all_buyers as (
    select
        count(distinct customer_id) as buyers,
        count(distinct category) as categories
    from purchased
),

overall_popularity as (
    select
        purchased.category,
        cast(count(*) as double) / max(all_buyers.buyers) as buyer_share
    from purchased
    cross join all_buyers
    group by purchased.category
),

candidates as (
    select
        customers.customer_id,
        segment_popularity.category,
        1 as basis_order,
        'segment' as basis,
        cast(segment_popularity.category_buyers as double)
        / segment_buyers.buyers as buyer_share
    from customers
    inner join segment_popularity
        on customers.segment = segment_popularity.segment
    inner join segment_buyers
        on customers.segment = segment_buyers.segment
    left join purchased
        on
            customers.customer_id = purchased.customer_id
            and segment_popularity.category = purchased.category
    where purchased.customer_id is null
    union all
    select
        customers.customer_id,
        overall_popularity.category,
        2 as basis_order,
        'all_buyers' as basis,
        overall_popularity.buyer_share
    from customers
    cross join overall_popularity
    left join purchased
        on
            customers.customer_id = purchased.customer_id
            and overall_popularity.category = purchased.category
    where purchased.customer_id is null
),

best as (
    select
        customer_id,
        category,
        basis,
        buyer_share
    from (
        select
            customer_id,
            category,
            basis,
            buyer_share,
            row_number() over (
                partition by customer_id
                order by basis_order asc, buyer_share desc, category asc
            ) as candidate_rank
        from candidates
    ) as ranked
    where candidate_rank = 1
),

final as (
    select
        customers.customer_id,
        {{ sql_literal(segmentation) }} as segmentation,
        customers.segment,
        best.category as next_best_category,
        best.buyer_share as category_buyer_share,
        catalog.recommended_action as recommended_offer,
        {{ as_of_date }} as as_of_date,
        segment_names.segment_name,
        coalesce(best.basis, 'none') as recommendation_basis,
        case
            when best.basis = 'segment'
                then
                    'bought by '
                    || cast(
                        cast(round(best.buyer_share * 100) as integer)
                        as {{ dbt.type_string() }}
                    )
                    || '% of '
                    || segment_names.segment_name
                    || ' buyers; not bought yet'
            when best.basis = 'all_buyers'
                then
                    'bought by '
                    || cast(
                        cast(round(best.buyer_share * 100) as integer)
                        as {{ dbt.type_string() }}
                    )
                    || '% of all buyers; not bought yet'
                    || ' (nothing new popular in the segment)'
            when all_buyers.categories = 0
                then 'no category purchases to learn from'
            else 'has bought every category'
        end as recommendation_reason
    from customers
    cross join all_buyers
    left join best
        on customers.customer_id = best.customer_id
    left join catalog
        on customers.segment = catalog.segment
    left join segment_names
        on customers.segment = segment_names.segment
)

select * from final
