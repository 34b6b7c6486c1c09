"""The segmented customer database's dashboard: Streamlit on the marts.

    uv run --group dashboard streamlit run dashboard/app.py

Reads the serving file a successful `dbt build` publishes the marts to,
SEGDB_SERVING_PATH (default target/serving.duckdb), read-only, in short
connections; a build never writes that file, it replaces it when done.
"""

from __future__ import annotations

import marts
import shared
import streamlit as st

st.set_page_config(
    page_title="Segmented customers",
    page_icon=":material/groups:",
    layout="wide",
)

PAGES = [
    st.Page("views/overview.py", title="Segment overview", icon=":material/donut_small:"),
    st.Page("views/rfm_heatmap.py", title="RFM heatmap", icon=":material/grid_on:"),
    st.Page("views/clusters.py", title="Cluster profiles", icon=":material/scatter_plot:"),
    st.Page("views/transitions.py", title="Segment transitions", icon=":material/swap_horiz:"),
    st.Page("views/audiences.py", title="Audiences", icon=":material/campaign:"),
    st.Page("views/customer_value.py", title="Customer value", icon=":material/savings:"),
]

shared.keep_segmentation_across_pages()
page = st.navigation(PAGES)
try:
    page.run()
finally:  # also under a page that stopped with a message
    st.sidebar.caption(f"Database: `{marts.database_path()}`")
