"""Corpus-level logic that needs no SQL: which body a report is from, what a jurisdiction
expected and received, the indicators evaluators compute. ``store/`` persists it and
``api`` joins it to the audit."""
