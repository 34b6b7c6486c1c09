{#
    Every customer of the `customers` relation is in exactly one segment of
    every segmentation listed in the `segmentations` relation (a column
    `segmentation`): exhaustive (no customer missing) and mutually exclusive
    (no customer twice). Returns each customer and segmentation whose number
    of memberships is not 1, including memberships of unknown customers.
#}
{% test exhaustive_exclusive_membership(model, customers, segmentations, customer_column='customer_id', segmentation_column='segmentation') %}

with

expected as (
    select
        customers.customer_id,
        segmentations.segmentation
    from (select {{ customer_column }} as customer_id from {{ customers }}) as customers
    cross join (
        select segmentation from {{ segmentations }}
    ) as segmentations
),

actual as (
    select
        {{ customer_column }} as customer_id,
        {{ segmentation_column }} as segmentation,
        count(*) as memberships
    from {{ model }}
    group by {{ customer_column }}, {{ segmentation_column }}
)

select
    coalesce(expected.customer_id, actual.customer_id) as customer_id,
    coalesce(expected.segmentation, actual.segmentation) as segmentation,
    coalesce(actual.memberships, 0) as memberships
from expected
full outer join actual
    on
        expected.customer_id = actual.customer_id
        and expected.segmentation = actual.segmentation
where coalesce(actual.memberships, 0) != 1 or expected.customer_id is null

{% endtest %}
