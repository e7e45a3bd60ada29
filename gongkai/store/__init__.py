"""The store: a database of sources, reports, every cell with its provenance, and findings.

The only part of gongkai that knows SQL (SQLAlchemy Core, migrations with Alembic). It
needs the ``store`` extra (``pip install 'gongkai[store]'``); nothing else imports it but
``gongkai.api``, lazily, so the package works without it. Schema: ``schema.py``; opening and
migrating: ``engine.py``; writing a source's results in one transaction: ``ingest.py``.
"""

from gongkai.store.engine import open_engine, upgrade, url_for
from gongkai.store.ingest import Ingested, RunCounts, Store, Stored, open_store
from gongkai.store.reconcile import after_audit

__all__ = ["Ingested", "RunCounts", "Store", "Stored", "after_audit", "open_engine", "open_store", "upgrade",
           "url_for"]
