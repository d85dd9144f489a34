"""The brief: one self-contained HTML file (or Markdown) of a story store.

>>> from newsprism.report import write_report
>>> write_report("out/story.db", "brief.html")        # doctest: +SKIP
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment, select_autoescape

from newsprism.report.build import ReportData, gather
from newsprism.views import template_loader

Format = Literal["html", "md"]
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_MD_LEADING = re.compile(r"^(\s*)([#>+-])")


def md_escape(value: Any) -> Any:
    """Markdown-safe text: HTML characters as entities, Markdown syntax backslash-escaped."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", text))
    return _MD_LEADING.sub(r"\1\\\2", text)


SCRIPT = """(function () {
  function clear() { document.querySelectorAll('.hl').forEach(function (x) { x.classList.remove('hl'); }); }
  function mark(spec) {
    var p = spec.split(':'), art = document.getElementById(p[0]);
    if (!art) { return; }
    var s = +p[1], e = +p[2];
    clear();
    art.querySelectorAll('[data-o]').forEach(function (x) {
      if (+x.dataset.o >= s && +x.dataset.e <= e) { x.classList.add('hl'); }
    });
  }
  document.addEventListener('click', function (ev) {
    var a = ev.target.closest ? ev.target.closest('a[data-hl]') : null;
    if (a) { mark(a.dataset.hl); }
  });
})();"""
SCRIPT_HASH = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()


def html_env() -> Environment:
    return Environment(loader=template_loader("newsprism.report"), autoescape=select_autoescape(default=True),
                       trim_blocks=True, lstrip_blocks=True)


def md_env() -> Environment:
    return Environment(loader=template_loader("newsprism.report"), autoescape=False, finalize=md_escape,
                       trim_blocks=True, lstrip_blocks=True)


def render_html(data: ReportData) -> str:
    return html_env().get_template("report.html.j2").render(d=data, script=SCRIPT, script_hash=SCRIPT_HASH)


def render_md(data: ReportData) -> str:
    return md_env().get_template("report.md.j2").render(d=data)


def build_report(db: str | Path, fmt: Format = "html", all_claims: bool = False) -> str:
    """The brief as text; single-source claims are counted, and listed only with ``all_claims``."""
    data = gather(db, charts=fmt == "html", all_claims=all_claims)
    return render_html(data) if fmt == "html" else render_md(data)


def write_report(db: str | Path, out: str | Path, fmt: Format = "html", all_claims: bool = False) -> Path:
    """Write the brief of the story store ``db`` to ``out`` (atomically)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(build_report(db, fmt, all_claims), encoding="utf-8")
    tmp.replace(out)
    return out


__all__ = ["build_report", "md_escape", "render_html", "render_md", "write_report"]
