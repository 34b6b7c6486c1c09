"""Settings are values, never SQL: every var is checked against its form first.

For each var that reaches SQL, dbt is run on a tiny workspace (customers and
orders only) with a hostile value. The run must fail with a message naming
the var and the form expected, and nothing may have run: no table of the
attacker's, and no relation at all (not even the raw views that the second
on-run-start hook registers), because dbt renders the hooks, the first of
which is validate_vars, while it parses the project, before any SQL runs.
Without the validation these values ran as SQL (a crafted as_of_date created
a table of the attacker's choosing).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest
import yaml
from dbt_project_runner import PROJECT_DIR, DbtWorkspace

PWN = "; create table pwned as select 1; --"
# Before validation, `dbt run -s int_as_of_date` with this as_of_date passed
# and left a table main.pwned behind: it closes the model's select and opens
# a statement of its own that swallows the rest of the model.
AS_OF_PAYLOAD = (
    "2024-01-01' as date) as as_of_date, true as is_set_by_var from latest)"
    " select * from final); create table pwned as"
    " (with latest as (select 1), final as (select --"
)
DATE_FORM = "an ISO date YYYY-MM-DD that exists in the calendar"
CURRENCY_FORM = "three upper-case letters"
PATH_FORM = "a folder path: text without quote characters"
QUARANTINE = "int_data_quality__by_table"
SHARE = "a number from 0 to 1"
AGE = "a whole number from 0 to 150"
EDGES = "ascending whole numbers"
DEMOGRAPHIC = "int_customers__demographic_features"
AUDIENCES = "fct_audience_members"


def audience(**changes) -> list[dict]:
    """One valid email audience, with `changes` applied (a hostile part)."""
    base = {
        "name": "vip",
        "channel": "email",
        "priority": 1,
        "holdout_share": 0.1,
        "include": {"segments": {"rfm": ["champions"]}},
    }
    base.update(changes)
    return [base]


def condition(feature="purchase_count", op="=", value=1) -> list[dict]:
    """The valid audience including customers with one `feature op value` condition."""
    return audience(include={"conditions": [{"feature": feature, "op": op, "value": value}]})


# Every var but audiences: a hostile value, and a phrase of the form expected.
HOSTILE = {
    "raw_data_path": ("/tmp/x.csv') " + PWN, PATH_FORM),
    "raw_schema": ("raw" + PWN, "an identifier"),
    "as_of_date": (AS_OF_PAYLOAD, DATE_FORM),
    "default_currency": ("EUR')" + PWN, CURRENCY_FORM),
    "reporting_currency": ("EUR' or true" + PWN, CURRENCY_FORM),
    "quarantine_warn_share": ("0.05" + PWN, SHARE),
    "quarantine_error_share": ("0.2" + PWN, SHARE),
    "min_customer_age": ("13" + PWN, AGE),
    "max_customer_age": ("110 or true", AGE),
    "freshness_warn_days": ("2" + PWN, "a whole number >= 1"),
    "freshness_error_days": ("7" + PWN, "a whole number >= 1"),
    "incremental_lookback_days": ("3) day" + PWN, "a whole number >= 0"),
    "rfm_scoring": ("thresholds" + PWN, "one of quintile, thresholds"),
    "rfm_window_days": ("30" + PWN, "a whole number >= 1, or null"),
    "rfm_thresholds": (
        {"recency_days": [365, 180, 90, "30" + PWN], "frequency": [1, 2, 4, 8], "monetary": [1, 2]},
        "four cut points each",
    ),
    "lifecycle_new_days": ("90" + PWN, "a whole number >= 0"),
    "lifecycle_default_interval_days": ("90" + PWN, "a number > 0"),
    "lifecycle_at_risk_factor": ("2" + PWN, "a number > 0"),
    "lifecycle_lapsed_factor": ("4" + PWN, "a number > 0"),
    "lifecycle_min_at_risk_days": ("30" + PWN, "a whole number >= 0"),
    "lifecycle_max_at_risk_days": ("180" + PWN, "a whole number >= 0"),
    "lifecycle_min_lapsed_days": ("90" + PWN, "a whole number >= 0"),
    "lifecycle_max_lapsed_days": ("365" + PWN, "a whole number >= 0"),
    "frequency_weekly_max_days": ("10" + PWN, "a number > 0"),
    "frequency_monthly_max_days": ("45" + PWN, "a number > 0"),
    "frequency_quarterly_max_days": ("120" + PWN, "a number > 0"),
    "value_tier_top_share": ("0.01" + PWN, SHARE),
    "value_tier_high_share": ("0.1" + PWN, SHARE),
    "value_tier_low_share": ("0.5" + PWN, SHARE),
    "clv_holdout_days": ("180" + PWN, "a whole number from 1 to 3650"),
    "clv_horizon_days": ("365) day" + PWN, "a whole number from 1 to 3650"),
    "clv_annual_discount_rate": ("0.1" + PWN, SHARE),
    "clv_model": ("bg_nbd' or true" + PWN, "one of bg_nbd, mbg_nbd"),
    "predicted_value_top_share": ("0.1" + PWN, SHARE),
    "predicted_value_high_share": ("0.3" + PWN, SHARE),
    "predicted_value_low_share": ("0.4" + PWN, SHARE),
    "predicted_value_lost_p_no_purchase": ("0.9" + PWN, SHARE),
    "age_band_edges": ([25, "35" + PWN], EDGES),
    "income_band_edges": (["25000" + PWN], EDGES),
    "price_sensitivity_high_discount_share": ("0.5" + PWN, SHARE),
    "price_sensitivity_medium_discount_share": ("0.2" + PWN, SHARE),
    "life_stage_young_adult_max_age": ("30" + PWN, AGE),
    "life_stage_young_family_max_age": ("45" + PWN, AGE),
    "life_stage_midlife_max_age": ("55" + PWN, AGE),
    "life_stage_senior_min_age": ("70" + PWN, AGE),
    "technographic_app_first_share": ("0.5" + PWN, SHARE),
    "technographic_multi_device_types": ("3" + PWN, "a whole number >= 1"),
    "engagement_high_click_rate": ("0.1" + PWN, SHARE),
    "engagement_min_open_rate": ("0.15" + PWN, SHARE),
    "engagement_dormant_days": ("180" + PWN, "a whole number >= 0"),
    "shopping_time_min_orders": ("2" + PWN, "a whole number >= 1"),
    "shopping_time_weekend_share": ("0.5" + PWN, SHARE),
    "shopping_time_night_share": ("0.3" + PWN, SHARE),
    "shopping_time_dominant_share": ("0.6" + PWN, SHARE),
    "social_advocate_min_actions": ("2" + PWN, "a whole number >= 1"),
    "social_engaged_min_interactions": ("3" + PWN, "a whole number >= 1"),
    "social_lapsed_days": ("180" + PWN, "a whole number >= 0"),
    "best_send_hour_min_events": ("5" + PWN, "a whole number >= 1"),
    "history_months": ("12" + PWN, "a whole number from 0 to 240"),
    "migration_from_date": ("2024-01-01' as date)" + PWN, DATE_FORM),
    "migration_to_date": ("2024-01-01' as date)" + PWN, DATE_FORM),
    "drift_warn_share_points": ("5" + PWN, "a number > 0"),
    "recommendation_segmentation": ("rfm' or true" + PWN, "one of rfm, lifecycle"),
    "export_path": ("/tmp/exports' (format csv)" + PWN, PATH_FORM),
    "source_timezone": ("UTC')" + PWN, "an IANA time zone name"),
    "shop_timezone": ("UTC')" + PWN, "an IANA time zone name"),
    "raw_csv_encoding": ("utf-8')" + PWN, "an encoding name"),
    "max_amount": ("100000000" + PWN, "a number > 0"),
    "max_count": ("1000000" + PWN, "a whole number >= 1"),
}

# Values that look right or are of the wrong type without being SQL.
MISFORMED = {
    "raw_data_path": ("/tmp/raw\n" + PWN, PATH_FORM),
    "raw_schema": ("1raw", "an identifier"),
    "as_of_date": ("2024-02-30", DATE_FORM),
    "migration_from_date": ("2024-01-01\n", DATE_FORM),
    "migration_to_date": ("31/01/2024", DATE_FORM),
    "default_currency": ("eur", CURRENCY_FORM),
    "reporting_currency": ("EURO", CURRENCY_FORM),
    "quarantine_error_share": (2, SHARE),
    "freshness_error_days": (True, "a whole number >= 1"),
    "incremental_lookback_days": (2.5, "a whole number >= 0"),
    "lifecycle_lapsed_factor": (float("nan"), "a number > 0"),
    "lifecycle_at_risk_factor": (float("inf"), "a number > 0"),
    "history_months": (-1, "a whole number from 0 to 240"),
    "rfm_window_days": ({"days": 30}, "a whole number >= 1, or null"),
    "rfm_thresholds": (
        {"recency_days": [30, 90, 180, 365], "frequency": [1, 2, 4, 8], "monetary": [1, 2, 3, 4]},
        "recency_days descending",
    ),
    "age_band_edges": ("25, 35", EDGES),
    "income_band_edges": ([45000, 25000], EDGES),
    "rfm_scoring": (["quintile"], "one of quintile, thresholds"),
    "recommendation_segmentation": ("rfm_segment", "one of rfm, lifecycle"),
    "export_path": ("", PATH_FORM),
    "source_timezone": ("europe/berlin", "an IANA time zone name"),
    "shop_timezone": ("Europe/Berln", "an IANA time zone name"),
    "raw_csv_encoding": ("latin 1", "an encoding name"),
    "max_amount": (-5, "a number > 0"),
    "max_count": (2.5, "a whole number >= 1"),
    "best_send_hour_min_events": (0, "a whole number >= 1"),
    "drift_warn_share_points": (0, "a number > 0"),
}

# Each a run of its own: macro audiences stops at the first problem.
HOSTILE_AUDIENCES = [
    (audience(name="vip' as audience" + PWN), "name must be"),
    (audience(channel="email'" + PWN), "channel must be"),
    (audience(priority="1" + PWN), "priority must be"),
    (audience(holdout_share="0.1" + PWN), "holdout_share must be"),
    (audience(description=["a", "b"]), "description must be text"),
    (audience(include={"segments": {"rfm": ["champions')" + PWN]}}), "is not a segment name"),
    (audience(include={"segments": {"rfm_segment or true" + PWN: ["x"]}}), "unknown segmentation"),
    (condition(feature="1 = 1" + PWN), "a condition needs a feature"),
    (condition(op="= 1" + PWN), "op of purchase_count must be one of"),
    (condition(value={"1": PWN}), "must be a number, text or true/false"),
    (condition(op="in", value=[1, [PWN]]), "(a list of them)"),
]


@pytest.fixture(scope="module")
def tiny_raw(tmp_path_factory) -> Path:
    """Customers and orders only: enough for the raw views and staging to build."""
    raw = tmp_path_factory.mktemp("tiny") / "raw"
    raw.mkdir()
    pd.DataFrame({"customer_id": ["c1", "c2"], "email": ["a@example.com", None]}).to_csv(
        raw / "customers.csv", index=False
    )
    pd.DataFrame(
        {
            "order_id": ["o1", "o2"],
            "customer_id": ["c1", "c2"],
            "ordered_at": ["2025-01-05", "2025-02-11"],
            "order_total": ["10.50", "99"],
        }
    ).to_csv(raw / "orders.csv", index=False)
    return raw


def relations(database: Path) -> list[tuple[str, str]]:
    """Every table and view in a DuckDB file (none when dbt never created it)."""
    if not database.exists():
        return []
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(
            "select table_schema, table_name from information_schema.tables order by all"
        ).fetchall()


def assert_refused_before_any_sql(workspace: DbtWorkspace, result) -> None:
    assert result.returncode != 0, result.output[-3000:]
    assert relations(workspace.database) == []
    assert not list(workspace.root.glob("**/pwned*"))


def as_yaml(variables: dict) -> str:
    """--vars as flow YAML (JSON cannot carry nan)."""
    return yaml.safe_dump(variables, default_flow_style=True, width=100_000)


@pytest.mark.parametrize("cases", [HOSTILE, MISFORMED], ids=["hostile", "misformed"])
def test_invalid_vars_stop_the_run_before_any_sql(tiny_raw, tmp_path, cases):
    """All at once: the error names every invalid var with its form, and nothing ran."""
    workspace = DbtWorkspace(tmp_path)
    variables = as_yaml({name: value for name, (value, _) in cases.items()})
    result = workspace.dbt("build", "--vars", variables, raw_data_path=tiny_raw)
    assert_refused_before_any_sql(workspace, result)
    problems = {
        line.split(" is ", 1)[0].removeprefix("- var "): line
        for line in (line.strip() for line in result.output.splitlines())
        if line.startswith("- var ")
    }
    assert set(problems) == set(cases), result.output[-3000:]
    for name, (_, form) in cases.items():
        assert form in problems[name].split(": expected ", 1)[-1], problems[name]


@pytest.mark.parametrize(
    "command",
    [["compile", "--select", "int_as_of_date"], ["show", "--select", "int_as_of_date"]],
    ids=["compile", "show"],
)
def test_commands_without_hooks_refuse_invalid_vars_too(tiny_raw, tmp_path, command):
    """compile and show run no on-run-start hooks, but dbt renders them while
    parsing: show would otherwise run the injected SQL."""
    workspace = DbtWorkspace(tmp_path)
    variables = as_yaml({"as_of_date": AS_OF_PAYLOAD})
    result = workspace.dbt(*command, "--vars", variables, raw_data_path=tiny_raw)
    assert_refused_before_any_sql(workspace, result)
    assert "- var as_of_date is " in result.output, result.output[-3000:]


def test_every_var_but_audiences_has_a_hostile_case():
    project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())
    assert set(HOSTILE) == set(project["vars"]) - {"audiences"}


@pytest.mark.parametrize(("audiences", "problem"), HOSTILE_AUDIENCES)
def test_a_hostile_audience_stops_the_run_before_any_sql(tiny_raw, tmp_path, audiences, problem):
    workspace = DbtWorkspace(tmp_path)
    variables = as_yaml({"audiences": audiences})
    result = workspace.dbt("build", "--vars", variables, raw_data_path=tiny_raw)
    assert_refused_before_any_sql(workspace, result)
    assert "var audiences, audience #1" in result.output, result.output[-3000:]
    assert problem in result.output, result.output[-3000:]


def test_hooks_check_the_vars_first():
    """validate_vars is the first on-run-start hook: nothing may run before it."""
    project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())
    assert project["on-run-start"][0].replace(" ", "") == "{{validate_vars()}}"


def test_every_var_has_a_form():
    """A var added to dbt_project.yml without a form would escape validation."""
    project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())
    forms = (PROJECT_DIR / "macros" / "settings" / "setting_forms.sql").read_text()
    declared = set(re.findall(r"^        '([a-z_]+)': ", forms, flags=re.MULTILINE))
    assert declared == set(project["vars"])


def test_invalid_vars_that_bound_one_another_are_refused(tiny_raw, tmp_path):
    variables = "{min_customer_age: 60, max_customer_age: 40}"
    result = DbtWorkspace(tmp_path).dbt("run-operation", "validate_vars", "--vars", variables)
    assert result.returncode != 0
    assert "vars min_customer_age (60) and max_customer_age (40)" in result.output


def test_defaults_and_a_valid_custom_set_pass(tiny_raw, tmp_path):
    """Defaults, then non-default values of every form (an unquoted YAML date
    too), pass validation at parse time and at run start, and build (seeds and
    models only: the unit tests expect the default currency)."""
    defaults = DbtWorkspace(tmp_path / "defaults")
    defaults.dbt("run-operation", "validate_vars", raw_data_path=tiny_raw).assert_ok()
    custom = DbtWorkspace(tmp_path / "custom")
    variables = (
        "{as_of_date: 2025-02-28, migration_from_date: '2024-12-31', migration_to_date: 2025-02-28,"
        " default_currency: USD, reporting_currency: EUR, raw_schema: shop_raw,"
        " rfm_scoring: thresholds, rfm_window_days: 365,"
        " rfm_thresholds: {recency_days: [400, 200.5, 60, 7], frequency: [0, 1, 3, 10],"
        " monetary: [10, 100, 500, 5000]},"
        " age_band_edges: [18, 30, 50], income_band_edges: [30000],"
        " recommendation_segmentation: lifecycle, history_months: 2,"
        " audiences: [{name: o_brien_list, description: \"it's for O'Brien\", channel: sms,"
        " priority: 3, include: {conditions: [{feature: country_code, op: in,"
        ' value: ["D\'E", FR]}, {feature: email, op: is not null}]}}]}'
    )
    built = custom.dbt(
        "build",
        "--select",
        "+int_as_of_date",
        "--exclude",
        "resource_type:test",
        "resource_type:unit_test",
        "--vars",
        variables,
        raw_data_path=tiny_raw,
    )
    built.assert_ok()
    assert custom.query(
        "select as_of_date, is_set_by_var from main_intermediate.int_as_of_date"
    ) == [(dt.date(2025, 2, 28), True)]
    # the audience's quotes reach SQL as quoted text: compile, then read the SQL
    compiled = custom.dbt(
        "compile",
        "--select",
        AUDIENCES,
        "rpt_audience_summary",
        "--vars",
        variables,
        raw_data_path=tiny_raw,
    )
    compiled.assert_ok()
    sql = "\n".join(
        p.read_text() for p in (custom.root / "target" / "compiled").glob("**/*audience*.sql")
    )
    assert "customers.country_code in ('D''E', 'FR')" in sql
    assert "'it''s for O''Brien' as audience_description" in sql
