"""The buy-till-you-die fits: one row per model, fit window and parameter.

BG/NBD and MBG/NBD (purchases) and Gamma-Gamma (value of repeat purchases),
each fitted by maximum likelihood on the calibration window (to validate on
the holdout) and on the full window (to predict), on the customers of
seg_clv_purchase_summary grouped by identical summaries. Settings come from
the model's YAML `config: meta:` (the project's clv_* vars). The logic is
the package's (src/segdb/clv/, tested in tests/python/test_clv.py): this
file reads the inputs, calls it and types the table.
"""

from segdb.clustering.tables import table
from segdb.clv import scoring

COLUMNS = (
    "model_name string, fit_window string, parameter_name string, parameter_value float64,"
    " time_unit_days int64, log_likelihood float64, customers int64, cutoff_date object,"
    " converged bool, is_used_for_predictions bool, frequency_value_correlation float64,"
    " reason string"
)


def model(dbt, session):
    dbt.config(materialized="table")
    meta = dbt.config.get("meta")  # a statement of its own: dbt finds it by reading the code
    params = scoring.read_parameters(meta)
    summary = dbt.ref("seg_clv_purchase_summary")  # a literal ref: dbt reads refs from the code
    fits = scoring.fit_all(scoring.read_summaries(summary), scoring.read_values(summary), params)
    for fit in fits:
        if not fit.converged:
            print(f"warning: {fit.model_name} ({fit.extra['fit_window']}): {fit.reason}")
    return table(scoring.fit_rows(fits, scoring.read_cutoffs(summary), params), COLUMNS)
