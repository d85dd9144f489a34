"""The web view of a story store (FastAPI): ``create_app(db_path, allow_upload=False)``."""

from __future__ import annotations

from newsprism.web.app import create_app, ref_url

__all__ = ["create_app", "ref_url"]
