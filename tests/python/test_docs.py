"""dbt docs: the site generates, and every description reaches the database.

`persist_docs` (dbt_project.yml) writes model and column descriptions as
comments, so BI tools and SQL clients show them without the docs site.
"""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def docs(clean, tmp_path_factory):
    # a target folder of its own: the build's run_results.json stays for other tests
    target = clean.root / "docs_target"
    # run on a copy of the build (dbt opens the database for writing, while
    # other tests read the original); the copy's tables are the build's
    copy = clean.copy(tmp_path_factory.mktemp("docs"))
    result = copy.dbt("docs", "generate", target_path=target)
    result.assert_ok()
    manifest = json.loads((target / "manifest.json").read_text())
    catalog = json.loads((target / "catalog.json").read_text())
    return clean, manifest, catalog


def _built_models(manifest: dict) -> list[dict]:
    """Models stored in the database (views and tables; not ephemeral or external files)."""
    return [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["config"]["materialized"] in ("table", "view", "incremental")
        and node["config"]["enabled"]
    ]


def test_docs_site_is_generated_with_every_model_and_source(docs):
    clean, manifest, catalog = docs
    assert (clean.root / "docs_target" / "index.html").stat().st_size > 0
    missing = [node["unique_id"] for node in _built_models(manifest)]
    missing = [unique_id for unique_id in missing if unique_id not in catalog["nodes"]]
    assert missing == []
    # seeds and snapshots are documented from the database too
    assert any(key.startswith("seed.") for key in catalog["nodes"])
    assert any(key.startswith("snapshot.") for key in catalog["nodes"])


def test_model_descriptions_are_persisted_as_table_comments(docs):
    clean, manifest, _ = docs
    comments = {
        (schema, name): comment
        for schema, name, comment in clean.query(
            "select schema_name, table_name, comment from duckdb_tables() "
            "union all select schema_name, view_name, comment from duckdb_views()"
        )
    }
    models = _built_models(manifest)
    assert len(models) > 50
    wrong = []
    for node in models:
        persisted = comments.get((node["schema"], node["alias"]))
        if persisted != node["description"]:
            wrong.append((node["name"], persisted))
    assert wrong == []


def test_column_descriptions_are_persisted_as_column_comments(docs):
    clean, manifest, _ = docs
    comments = {
        (schema, table, column.lower()): comment
        for schema, table, column, comment in clean.query(
            "select schema_name, table_name, column_name, comment from duckdb_columns()"
        )
    }
    checked, wrong = 0, []
    for node in _built_models(manifest):
        for column in node["columns"].values():
            if not column.get("description"):
                continue
            key = (node["schema"], node["alias"], column["name"].lower())
            checked += 1
            if comments.get(key) != column["description"]:
                wrong.append((node["name"], column["name"], comments.get(key)))
    # the marts alone document well over a hundred columns
    assert checked > 300
    assert wrong == []
