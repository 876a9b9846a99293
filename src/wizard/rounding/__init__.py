"""“Round MI tables”: what a count table is, disclosure-safe rounding and its parameters
(parameters.toml), the report in words, and the page and command line that use them."""
