"""Authoring: from the data an office keeps to a correct report.

`data` is the one shape every authoring step passes on (`ReportData`: meta, cells, narrative
sections); `tabulate` counts the registers an office keeps into tables 三 and 四 (`registers`
finds their columns, `dates` reads their dates, `classify` their words); the renderers in
`output/` turn a `ReportData` into the statutory document. Nothing here reads report files:
an extracted report comes in through the API (`api.extract`) like any other.
"""
