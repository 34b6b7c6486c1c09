"""Session-wide dbt builds on fixture datasets, shared by the test modules.

Each build takes tens of seconds, so every dataset is generated and built
once per test session, in its own temporary workspace.
"""

from __future__ import annotations

import pandas as pd
import pytest
from dbt_project_runner import DbtWorkspace


@pytest.fixture(scope="session")
def clean(tmp_path_factory) -> DbtWorkspace:
    """600 generated customers, every contract table, no dirt."""
    workspace = DbtWorkspace(tmp_path_factory.mktemp("clean"))
    workspace.manifest = workspace.generate("--customers", "600", "--seed", "7")
    workspace.result = workspace.dbt("build")
    return workspace


@pytest.fixture(scope="session")
def dirty(tmp_path_factory) -> DbtWorkspace:
    """1,500 generated customers with 2% of every kind of dirt."""
    workspace = DbtWorkspace(tmp_path_factory.mktemp("dirty"))
    workspace.manifest = workspace.generate(
        "--customers", "1500", "--seed", "11", "--dirt-rate", "0.02"
    )
    # nine kinds of order dirt at 2% each exceed the 5% warning threshold on
    # purpose here; the build must still pass (warnings are not failures)
    workspace.result = workspace.dbt("build")
    return workspace


@pytest.fixture(scope="session")
def minimal(tmp_path_factory) -> DbtWorkspace:
    """Only customers and orders, each with its keys and a few more columns.

    Order o5's total (9999999999999999.99) and c1's annual income (1e30) are
    out of range: o5 is quarantined, c1's income null and counted.
    """
    workspace = DbtWorkspace(tmp_path_factory.mktemp("minimal"))
    workspace.raw.mkdir(parents=True)
    pd.DataFrame(
        {
            "customer_id": ["c1", "c2", "c3"],
            "email": ["Ann@Example.com", None, "bob@example.org"],
            "country": ["DE", "France", None],
            "annual_income": ["1e30", None, None],
        }
    ).to_csv(workspace.raw / "customers.csv", index=False)
    pd.DataFrame(
        {
            "order_id": ["o1", "o2", "o3", "o4", "o5"],
            "customer_id": ["c1", "c1", "c2", "c3", "c1"],
            "ordered_at": [
                "2025-01-05",
                "2025-03-01 10:30:00",
                "2025-02-11",
                "2025-03-02",
                "2025-03-01",
            ],
            "order_total": ["10.50", "99", "5.25", "12", "9999999999999999.99"],
        }
    ).to_csv(workspace.raw / "orders.csv", index=False)
    workspace.result = workspace.dbt("build")
    return workspace
