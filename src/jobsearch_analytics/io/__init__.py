"""Reading trackers and exports into the canonical model, and writing results safely."""
