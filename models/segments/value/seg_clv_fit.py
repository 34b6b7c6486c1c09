"""Fit BG/NBD, MBG/NBD and Gamma-Gamma on the calibration and full windows.

One row per model x fit window x parameter, with the log-likelihood, the number of
customers, whether the fit converged and why not (parameter_value null then; a warning
is logged, the build goes on and the predictions are null with that reason). The
logic is the package's (src/segdb/clv/, tested in tests/python/test_clv.py): this
file reads the inputs, calls it and returns the table.
"""

from segdb import clv


def model(dbt, session):
    dbt.config(materialized="table")
    # literal refs: dbt reads refs from the code; the grouping runs in SQL
    # in the order the fits sort by (fit_table skips its own sort then)
    groups = dbt.ref("seg_clv_summary_groups").order("fit_window, x, t_x_days, t_days").df()
    repeat = (
        dbt.ref("seg_clv_summary")
        .filter("x > 0 and mean_value > 0")
        .project("fit_window, x, mean_value")
        .order("fit_window, x, mean_value")
        .df()
    )
    windows = dbt.ref("seg_clv_windows").df()
    cutoffs = dict(zip(windows["fit_window"], windows["cutoff_date"], strict=True))
    return clv.fit_table(groups, repeat, cutoffs)
