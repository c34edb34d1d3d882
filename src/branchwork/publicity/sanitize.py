"""Article bodies are stored sanitized: whatever page, API call or import they came through."""

from __future__ import annotations

import nh3
from django.utils.html import escape

# What an article body may hold: text structure, links, tables and images from our own
# pages; no scripts, styles, event handlers or frames (nh3 = the ammonia sanitizer).
ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "blockquote", "q", "cite",
    "h2", "h3", "h4", "ul", "ol", "li", "a", "img", "figure", "figcaption", "table", "thead",
    "tbody", "tr", "th", "td", "caption", "hr", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}


def clean_body(html: str) -> str:
    """``html`` with everything outside ALLOWED_TAGS / ALLOWED_ATTRIBUTES removed (links get
    rel="noopener noreferrer"; only http, https and mailto addresses are kept). Plain text
    without tags becomes paragraphs, one per blank-line-separated block."""
    text = html.strip()
    if text and "<" not in text:
        blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
        text = "".join(f"<p>{escape(b)}</p>" for b in blocks)
        return text.replace("\n", "<br>")
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
