"""Chunked table writers: CSV through DuckDB's COPY, Parquet through pyarrow.

CSV: header row, ',' delimiter, '"' quoting only where needed, empty field for null,
timestamps as 'YYYY-MM-DD HH:MM:SS', dates as 'YYYY-MM-DD', booleans as true/false,
amounts with two decimals. Each chunk is copied to a temporary file and appended, so a
file of any size is written with bounded memory.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq


class CsvSink:
    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.path = path
        self.schema = schema
        self._tmp = path.with_name(f".{path.name}.part")
        self._fh = None
        self._con: duckdb.DuckDBPyConnection | None = None
        self._header = True
        self.rows = 0

    def write(self, table: pa.Table) -> None:
        if self._con is None:  # created lazily, in the thread that writes
            self._con = duckdb.connect()
            self._fh = open(self.path, "wb")  # noqa: SIM115 - closed in close()
        header = "true" if self._header else "false"
        self._header = False
        table = table.cast(self.schema)
        self._con.register("segdb_chunk", table)
        try:
            target = str(self._tmp).replace("'", "''")
            self._con.execute(
                f"COPY segdb_chunk TO '{target}' (FORMAT csv, HEADER {header}, DELIMITER ',')"
            )
        finally:
            self._con.unregister("segdb_chunk")
        with open(self._tmp, "rb") as part:
            shutil.copyfileobj(part, self._fh, 16 * 1024 * 1024)
        self._tmp.unlink()
        self.rows += table.num_rows

    def close(self) -> None:
        if self._con is None:
            self.write(self.schema.empty_table())
        self._fh.close()
        self._con.close()


class ParquetSink:
    def __init__(self, path: Path, schema: pa.Schema) -> None:
        self.path = path
        self.schema = schema
        self._writer: pq.ParquetWriter | None = None
        self.rows = 0

    def write(self, table: pa.Table) -> None:
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.path, self.schema, compression="zstd")
        self._writer.write_table(table.cast(self.schema))
        self.rows += table.num_rows

    def close(self) -> None:
        if self._writer is None:
            self.write(self.schema.empty_table())
        self._writer.close()


def make_sink(path_without_suffix: Path, fmt: str, schema: pa.Schema) -> CsvSink | ParquetSink:
    if fmt == "csv":
        return CsvSink(path_without_suffix.with_suffix(".csv"), schema)
    return ParquetSink(path_without_suffix.with_suffix(".parquet"), schema)
