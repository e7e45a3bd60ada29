"""Generators of test reports, for the tests and the benchmarks only (not part of the package).

- ``synth``: random consistent reports printed as text in ten layouts, with variants;
- ``render_html``: the same reports as the HTML pages portals and Word publish (its tables'
  merged cells are reused by the DOCX and ODT tests);
- ``corpus``: a region's bodies over several years in text, HTML, DOCX and PDF, chained from
  year to year, with planted problems listed in a manifest (the audit's tests and bench;
  ``corpus_region`` the bodies, ``corpus_text`` the narrative, ``corpus_forms`` the files).

Import them as ``generators.synth`` / ``generators.render_html`` with ``tests/`` on
``sys.path``: pytest puts it there when it loads ``tests/conftest.py``; the scripts in
``bench/`` insert it themselves.
"""
