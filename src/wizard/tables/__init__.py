"""Reading tables into a grid of cells (CSV, TSV, pasted cells, workbooks) and writing tables to
share (CSV, workbooks). No rules: what a count table is lives in wizard.rounding."""
