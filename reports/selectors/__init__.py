"""One module per family of reports; each report is one function
`<name>_report(*, viewer, scope, period) -> Report` running a fixed number of set-based
queries whatever the data size. Rows come through `ReportScope.client_filter`, so a report
never counts a client its reader may not see."""
