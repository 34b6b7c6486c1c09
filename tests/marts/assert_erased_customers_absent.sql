-- Customers who asked to be erased (int_customers__consent) are in no mart,
-- snapshot or export holding personal data: returns every place one of them
-- (by customer_id, or by email or its hash in the export files) still
-- appears. fct_orders and fct_order_items keep their orders: they are
-- needed for revenue and owned by the order marts.
{%- set customer_tables = [
    'dim_customers', 'fct_customer_segments', 'fct_segment_transitions',
    'fct_audience_members', 'fct_audience_recipients',
    'fct_customer_recommendations', 'fct_customer_predictions',
    'snap_customer_segments',
] %}
{%- set exports = target.type == 'duckdb' %}

with

erased as (
    select
        consent.customer_id,
        customers.email
    from {{ ref('int_customers__consent') }} as consent
    inner join {{ ref('int_customers__resolved') }} as customers
        on consent.customer_id = customers.customer_id
    where consent.is_erasure_requested
),

found as (
    {% for table in customer_tables %}
        select
            '{{ table }}' as found_in,
            erased.customer_id
        from {{ ref(table) }} as held
        inner join erased
            on held.customer_id = erased.customer_id
        {% if not loop.last or exports %}union all{% endif %}
    {% endfor %}
    {% if exports %}
        select
            'export_email_audiences' as found_in,
            erased.customer_id
        from {{ ref('export_email_audiences') }} as held
        inner join erased
            on
                held.customer_id = erased.customer_id
                or held.email = erased.email
        union all
        select
            'export_ad_audiences' as found_in,
            erased.customer_id
        from {{ ref('export_ad_audiences') }} as held
        inner join erased
            on held.email_sha256 = {{ sha256_hex('lower(trim(erased.email))') }}
    {% endif %}
)

select
    found_in,
    customer_id
from found
