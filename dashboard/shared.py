"""What every page shares: loading with readable errors, the segmentation filter, formats."""

from __future__ import annotations

import math

import altair as alt
import marts
import pandas as pd
import streamlit as st

SEGMENTATION_KEY = "segmentation"


def load_or_stop(batch: str) -> dict[str, pd.DataFrame]:
    """A page's data; when it cannot be read, say why and what to run, and stop the page."""
    try:
        return marts.load(batch)
    except marts.DatabaseBusy as problem:
        st.warning(problem.headline, icon=":material/hourglass_top:")
        st.caption(problem.advice)
        st.button("Reload", icon=":material/refresh:")
    except marts.DataUnavailable as problem:
        st.error(problem.headline, icon=":material/database:")
        st.markdown(problem.advice)
        if problem.command:
            st.code(problem.command, language="bash")
    st.stop()


def keep_segmentation_across_pages() -> None:
    """Called by the entrypoint on every run: a page without the filter must not
    reset it (Streamlit forgets a widget's value when a run does not draw it)."""
    if SEGMENTATION_KEY in st.session_state:
        st.session_state[SEGMENTATION_KEY] = st.session_state[SEGMENTATION_KEY]


def segmentation_filter(segmentations: pd.DataFrame, available: list[str]) -> str:
    """The sidebar filter of the pages that show one segmentation at a time."""
    names = dict(
        zip(segmentations["segmentation"], segmentations["segmentation_name"], strict=True)
    )
    options = sorted(available, key=lambda s: names.get(s, s).lower())
    if st.session_state.get(SEGMENTATION_KEY) not in options:
        st.session_state[SEGMENTATION_KEY] = "rfm" if "rfm" in options else options[0]
    return st.sidebar.selectbox(
        "Segmentation",
        options,
        key=SEGMENTATION_KEY,
        format_func=lambda s: names.get(s, s),
        help="Which segmentation this page shows (rfm, lifecycle, clusters, ...).",
    )


def describe_segmentation(segmentations: pd.DataFrame, segmentation: str) -> str:
    row = segmentations[segmentations["segmentation"] == segmentation]
    return "" if row.empty else str(row["description"].iloc[0])


def as_of_caption(as_of_dates: pd.Series) -> str:
    dates = pd.to_datetime(as_of_dates.dropna())
    return f"As of {dates.max():%Y-%m-%d}." if not dates.empty else ""


def chart(chart: alt.TopLevelMixin, height: int | None = None, step: int | None = None) -> None:
    """Draw an Altair chart across the page. height (pixels) or step (pixels per
    category of the y axis) sizes the plot itself, not counting axes and legends."""
    sized = chart.properties(
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        height=alt.Step(step) if step else height or 300,
    )
    st.altair_chart(sized, width="stretch")


def table_height(rows: int, most: int = 15) -> int:
    """Pixels for a dataframe that shows up to `most` rows without scrolling."""
    return 38 + 35 * max(1, min(rows, most))


def count(value: float) -> str:
    return f"{value:,.0f}"


def money(value: float) -> str:
    return f"{value:,.0f}"


def share(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:.1%}"
