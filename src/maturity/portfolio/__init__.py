"""Many repositories, many teams, over time: the fleet scan, the portfolio, diffs and history.

Everything here reads the scan JSON (:class:`maturity.report.Report`, ``schema_version`` "1") as its
input contract; nothing here changes how a single repository is scanned or rated.
"""
