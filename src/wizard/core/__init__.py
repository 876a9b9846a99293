"""The small common core every tool uses: markup and GOV.UK components, errors, request and response
types, the typed reader for data files, the source registry with its Citation, and the purposes."""
