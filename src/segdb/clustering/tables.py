"""The models' rows as typed tables."""

from __future__ import annotations

import pandas as pd


def table(rows: list[dict], columns: str) -> pd.DataFrame:
    """The rows as a frame with the columns of `columns`, in order, cast to their dtypes.

    `columns` lists "name dtype" pairs separated by commas, like a SQL column list.
    The cast matters: pandas would turn a nullable int column into floats, and an
    empty table still needs its types. Every row must have exactly these columns.
    """
    dtypes = dict(column.split() for column in columns.split(","))
    for row in rows:
        if row.keys() != dtypes.keys():
            raise ValueError(f"row columns {sorted(row)} are not the table's {sorted(dtypes)}")
    return pd.DataFrame(rows, columns=list(dtypes)).astype(dtypes)
