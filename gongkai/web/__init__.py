"""The review web app (issue 15): a report beside its tables and findings, the corpus by
region and year, uploads audited on arrival, the 退回清单 to download.

Only this package knows Starlette, Jinja2 and uvicorn (the ``web`` extra); it reads and
writes through ``gongkai.api``. ``create_app`` builds the ASGI app, ``serve`` runs it.
"""

from gongkai.web.app import create_app, serve
from gongkai.web.settings import WebSettings

__all__ = ["WebSettings", "create_app", "serve"]
