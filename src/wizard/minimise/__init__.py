"""“Which fields do you need?”: the field catalogue (fields.toml), matching of messy header names,
the advice for each field by purpose, and the page, state and text table that show it."""
