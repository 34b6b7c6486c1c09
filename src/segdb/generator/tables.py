"""Arrow schemas of the raw contract tables (column names and order as in the contract).

Columns that can receive unparseable dirt are written as text when dirt is enabled, so
that every chunk of a file has the same schema: orders.ordered_at, orders.order_total and
order_items.unit_price.
"""

from __future__ import annotations

import pyarrow as pa

from .columns import MONEY, TS

_S = pa.string()

_SCHEMAS: dict[str, list[tuple[str, pa.DataType]]] = {
    "customers": [
        ("customer_id", _S),
        ("email", _S),
        ("phone", _S),
        ("first_name", _S),
        ("last_name", _S),
        ("birth_date", pa.date32()),
        ("gender", _S),
        ("annual_income", pa.int64()),
        ("education", _S),
        ("occupation", _S),
        ("marital_status", _S),
        ("household_size", pa.int64()),
        ("country", _S),
        ("region", _S),
        ("city", _S),
        ("postal_code", _S),
        ("signup_at", TS),
        ("acquisition_channel", _S),
        ("updated_at", TS),
    ],
    "orders": [
        ("order_id", _S),
        ("customer_id", _S),
        ("ordered_at", TS),
        ("order_total", MONEY),
        ("currency", _S),
        ("status", _S),
        ("channel", _S),
        ("discount_amount", MONEY),
        ("item_count", pa.int64()),
    ],
    "order_items": [
        ("order_item_id", _S),
        ("order_id", _S),
        ("product_id", _S),
        ("quantity", pa.int64()),
        ("unit_price", MONEY),
        ("discount_amount", MONEY),
    ],
    "products": [
        ("product_id", _S),
        ("product_name", _S),
        ("category", _S),
        ("subcategory", _S),
        ("brand", _S),
        ("list_price", MONEY),
    ],
    "web_sessions": [
        ("session_id", _S),
        ("customer_id", _S),
        ("started_at", TS),
        ("device_type", _S),
        ("os", _S),
        ("browser", _S),
        ("traffic_source", _S),
        ("pageviews", pa.int64()),
        ("duration_seconds", pa.int64()),
    ],
    "survey_responses": [
        ("response_id", _S),
        ("customer_id", _S),
        ("answered_at", TS),
        ("question", _S),
        ("answer", _S),
    ],
    "email_events": [
        ("event_id", _S),
        ("customer_id", _S),
        ("campaign_id", _S),
        ("event_type", _S),
        ("occurred_at", TS),
    ],
    "consents": [
        ("customer_id", _S),
        ("consent_type", _S),
        ("granted", pa.bool_()),
        ("updated_at", TS),
    ],
    "social_interactions": [
        ("interaction_id", _S),
        ("customer_id", _S),
        ("platform", _S),
        ("interaction_type", _S),
        ("occurred_at", TS),
        ("sentiment", MONEY),  # decimal(12,2): the same text in CSV and Parquet
    ],
}

DIRTY_TEXT_COLUMNS: dict[str, tuple[str, ...]] = {
    "orders": ("ordered_at", "order_total"),
    "order_items": ("unit_price",),
}


def columns(table: str) -> list[str]:
    return [name for name, _ in _SCHEMAS[table]]


def schema(table: str, dirty: bool) -> pa.Schema:
    text = DIRTY_TEXT_COLUMNS.get(table, ()) if dirty else ()
    return pa.schema([(n, _S if n in text else t) for n, t in _SCHEMAS[table]])


def to_dirty_types(table_name: str, table: pa.Table) -> pa.Table:
    """Cast the columns that may hold unparseable values to text."""
    return table.cast(schema(table_name, dirty=True))
