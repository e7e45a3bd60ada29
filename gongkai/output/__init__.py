"""Renderers of reports and findings for people (terminal) and programs (JSON)."""
