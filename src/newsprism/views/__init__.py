"""What the two views of a story (the brief in ``report`` and the web pages in ``web``) share.

Article text cut into marked pieces (:mod:`.article`), the charts (:mod:`.charts`), which
claims and events a view shows (:mod:`.select`), and the shared templates (the article
macro and the style sheet). Neither view imports the other; both import this.
"""

from __future__ import annotations

from jinja2 import BaseLoader, ChoiceLoader, PackageLoader


def template_loader(package: str) -> BaseLoader:
    """Templates of the view ``package`` first, then the shared ones in ``newsprism.views``."""
    return ChoiceLoader([PackageLoader(package), PackageLoader("newsprism.views")])
