"""segdb: demo data generator and tooling for the segmented customer database."""
