"""Rebuilding unchanged data gives identical marts and identical export files.

The first build is the `clean` fixture's. The second builds the same rows
from scratch in another workspace, with every raw file's rows shuffled: the
data is the same, only the order in which the engine meets the rows differs,
as it does between two runs of a parallel engine. A floating-point sum (or
mean, or standard deviation) depends on that order in its last bits, and a
file written without `order by` follows it; marts and files must not.

Every table of the marts schema (listed from the database, so new marts are
included) is compared with EXCEPT ALL both ways, every export file by hash.
"""

from __future__ import annotations

import hashlib

import duckdb
import pandas as pd
import pytest
from dbt_project_runner import DbtWorkspace

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def shuffled(clean: DbtWorkspace, tmp_path_factory) -> DbtWorkspace:
    """The `clean` raw files with their rows in another order, built from scratch."""
    clean.result.assert_ok()
    workspace = DbtWorkspace(tmp_path_factory.mktemp("rebuild"))
    workspace.raw.mkdir(parents=True)
    for csv in sorted(clean.raw.glob("*.csv")):
        # every value as the text it was, empty fields stay empty
        rows = pd.read_csv(csv, dtype=str, keep_default_na=False)
        rows.sample(frac=1, random_state=12).to_csv(workspace.raw / csv.name, index=False)
    # tables only: the tests compare its marts and files with the clean
    # build's, whose build ran every data and unit test on the same rows
    workspace.result = workspace.dbt(
        "build", "--exclude", "resource_type:test", "resource_type:unit_test"
    )
    workspace.result.assert_ok()
    return workspace


def mart_tables(database) -> list[str]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return [
            name
            for (name,) in connection.execute(
                "select table_name from information_schema.tables"
                " where table_schema = 'main_marts' order by table_name"
            ).fetchall()
        ]


def test_the_raw_rows_really_are_in_another_order(clean, shuffled):
    original = (clean.raw / "orders.csv").read_text().splitlines()
    reordered = (shuffled.raw / "orders.csv").read_text().splitlines()
    assert original[0] == reordered[0]
    assert original != reordered
    assert sorted(original) == sorted(reordered)


def test_every_mart_has_the_same_rows(clean, shuffled):
    marts = mart_tables(clean.database)
    assert "rpt_segment_summary" in marts
    assert mart_tables(shuffled.database) == marts
    differing = {}
    with duckdb.connect() as connection:
        connection.execute(f"attach '{clean.database}' as first (read_only)")
        connection.execute(f"attach '{shuffled.database}' as second (read_only)")
        for mart in marts:
            a, b = f"first.main_marts.{mart}", f"second.main_marts.{mart}"
            only_first, only_second = (
                connection.execute(
                    f"select count(*) from (select * from {x} except all select * from {y})"
                ).fetchone()[0]
                for x, y in [(a, b), (b, a)]
            )
            if only_first or only_second:
                differing[mart] = (only_first, only_second)
    assert not differing, f"rows found in one build only (first, second): {differing}"


def test_every_export_file_is_byte_identical(clean, shuffled):
    files = sorted(path.name for path in clean.exports.iterdir())
    assert files == ["ad_audiences.csv", "email_audiences.csv"]
    assert sorted(path.name for path in shuffled.exports.iterdir()) == files
    for name in files:
        first = hashlib.sha256((clean.exports / name).read_bytes()).hexdigest()
        second = hashlib.sha256((shuffled.exports / name).read_bytes()).hexdigest()
        assert first == second, name
