"""Assemble one self-contained HTML file: our template, vis-network inlined from pyvis's package, the data.

Nothing is linked: scripts and styles are inlined, and a Content-Security-Policy allows only those exact
scripts (by hash) and no network at all, so the page works from a file and cannot fetch or run anything else.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from functools import cache
from importlib import resources
from typing import Any

VIS_VERSION = "9.1.2"
_MARKER = re.compile(r"<!--KG:([A-Z_]+)-->")
# Characters that could end or confuse an inline <script> or JS string, as JSON escapes.
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value: Any) -> str:
    """JSON that is safe inside <script>: no `</script>`, `<!--`, or line separators can appear in it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_UNSAFE[m.group()], text)


def _resource(name: str) -> str:
    return resources.files("kg").joinpath("resources", "html", name).read_text(encoding="utf-8")


@cache
def vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS as shipped inside the pyvis package (templates/lib/vis-<version>)."""
    lib = resources.files("pyvis").joinpath("templates", "lib", f"vis-{VIS_VERSION}")
    js = lib.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = lib.joinpath("vis-network.css").read_text(encoding="utf-8")
    _check_inlinable(js, "script", "vis-network.min.js")
    _check_inlinable(css, "style", "vis-network.css")
    return js, css


def _check_inlinable(text: str, tag: str, name: str) -> None:
    if re.search(rf"</{tag}|<!--", text, re.IGNORECASE):
        raise RuntimeError(f"{name} contains '</{tag}' or '<!--' and cannot be inlined safely")


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def render_page(payload: dict[str, Any], title: str) -> str:
    """The finished document; identical payloads give byte-identical pages."""
    vis_js, vis_css = vis_assets()
    app_js = _resource("page.js")
    app_css = _resource("page.css")
    _check_inlinable(app_js, "script", "page.js")
    _check_inlinable(app_css, "style", "page.css")
    csp = (
        "default-src 'none'; "
        f"script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}; "
        "style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; "
        "form-action 'none'; base-uri 'none'"
    )
    parts = {
        "CSP": html.escape(csp, quote=True),
        "TITLE": html.escape(title),
        "VIS_CSS": vis_css,
        "PAGE_CSS": app_css,
        "DATA": script_json(payload),
        "VIS_JS": vis_js,
        "PAGE_JS": app_js,
    }
    return _MARKER.sub(lambda m: parts[m.group(1)], _resource("page.html"))
