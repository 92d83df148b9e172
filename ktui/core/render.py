"""Provides plain-text and Markdown renderings of articles and lists (for the CLI and exports).

Text from the web was cleaned of control characters when it was parsed; it is cleaned again here
(a cached model may come from an older version), URLs have any control, space or bidirectional
character percent-encoded (a link's path can carry an escape sequence), and in Markdown every character that Markdown
would read as markup is escaped, so a headline like "[click](file:///etc/passwd)" stays text.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from datetime import datetime
from typing import Final

from ktui.core.models import Article, Headline
from ktui.core.text import clean_line, safe_url, strip_controls
from ktui.core.times import age_text, now_kst, to_kst
from ktui.core.urls import is_web_url

_MD_SPECIAL: Final = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")
_MD_LINE_START: Final = re.compile(r"^(\s*)([-=>]|\d+[.)])")


def md_escape(value: str) -> str:
    """Escape text so Markdown shows it literally."""
    escaped = _MD_SPECIAL.sub(r"\\\1", strip_controls(value))
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


def md_url(url: str) -> str:
    """Make a URL safe inside a Markdown link target (only http(s) ever gets here)."""
    # safe_url has encoded spaces and controls already.
    return safe_url(url).replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def md_link(text: str, url: str, *, image: bool = False) -> str:
    """A Markdown link (or image) to an http(s) URL; any other URL is shown as text, never linked.

    A javascript:, data: or file: URL in a cached model must not become something a Markdown viewer
    would follow or load.
    """
    label = md_escape(clean_line(text))
    if is_web_url(url):
        return f"{'!' if image else ''}[{label}]({md_url(url)})"
    shown = md_escape(safe_url(url))
    return f"{label} ({shown})" if label else shown


def md_autolink(url: str) -> str:
    """The page's own URL as a Markdown autolink, or as escaped text when it is not http(s)."""
    return f"<{md_url(url)}>" if is_web_url(url) else md_escape(safe_url(url))


def when(value: datetime | None, now: datetime | None = None) -> str:
    """Format a time in KST with its age: "2026-11-27 17:20 KST (3h ago)"; a bare date for midnight."""
    if value is None:
        return ""
    local = to_kst(value)
    if (local.hour, local.minute) == (0, 0):
        return local.strftime("%Y-%m-%d")
    age = age_text(local, now or now_kst())
    stamp = local.strftime("%Y-%m-%d %H:%M KST")
    return f"{stamp} ({age} ago)" if age.endswith(("m", "h", "d")) else stamp


def headline_line(item: Headline, now: datetime | None = None) -> str:
    """One line for a story in a text list: rank, headline, section and age."""
    parts = [p for p in (item.section, age_text(to_kst(item.published), now or now_kst()) if item.published
                         else None) if p]
    meta = f"  [{' · '.join(parts)}]" if parts else ""
    rank = f"{item.rank:>2}. " if item.rank is not None else ""
    return f"{rank}{clean_line(item.title)}{meta}"


def list_text(items: Iterable[Headline], *, urls: bool = True, now: datetime | None = None) -> str:
    """A list as text, one story per line, each followed by its link when `urls`."""
    lines: list[str] = []
    for item in items:
        lines.append(headline_line(item, now))
        if urls:
            lines.append(f"    {safe_url(item.url)}")
    return "\n".join(lines)


def _byline(article: Article) -> str:
    parts = []
    if article.byline:
        parts.append(f"By {clean_line(article.byline)}")
    if article.email:
        parts.append(clean_line(article.email))
    return " · ".join(parts)


def article_text(article: Article, *, width: int | None = None, now: datetime | None = None) -> str:
    """An article as plain text: header lines, the body, captions in place and related links."""

    def wrap(text: str, indent: str = "") -> str:
        text = clean_line(text)
        if not width:
            return indent + text
        return textwrap.fill(text, width=width, initial_indent=indent, subsequent_indent=indent,
                             break_long_words=True, break_on_hyphens=False)

    out: list[str] = []
    if article.section:
        out.append(clean_line(article.section).upper())
    out.append(wrap(article.title))
    if article.subtitle:
        out.append(wrap(article.subtitle))
    meta = [m for m in (_byline(article),
                        f"Posted {when(article.published, now)}" if article.published else "",
                        f"Updated {when(article.updated, now)}" if article.updated else "") if m]
    out.extend(meta)
    out.append(safe_url(article.url))
    out.append("")
    images = sorted(article.images, key=lambda i: i.position)
    for index, paragraph in enumerate(article.paragraphs):
        for image in images:
            if image.position == index:
                out.append(wrap(f"[Image: {image.caption or 'no caption'}]", "  "))
                out.append("")
        out.append(wrap(paragraph))
        out.append("")
    for image in images:
        if image.position >= len(article.paragraphs):
            out.append(wrap(f"[Image: {image.caption or 'no caption'}]", "  "))
            out.append("")
    if article.related:
        out.append("Related:")
        out.extend(f"  - {clean_line(link.title)}\n    {safe_url(link.url)}" for link in article.related)
    return "\n".join(out).rstrip() + "\n"


def article_markdown(article: Article, *, now: datetime | None = None) -> str:
    """An article as Markdown, with its metadata, captions in place and related links."""
    out: list[str] = [f"# {md_escape(clean_line(article.title))}", ""]
    if article.subtitle:
        out += [f"*{md_escape(clean_line(article.subtitle))}*", ""]
    meta = []
    if article.section:
        meta.append(md_escape(clean_line(article.section)))
    if article.byline or article.email:
        meta.append(md_escape(_byline(article)))
    if article.published:
        meta.append(f"Posted {when(article.published, now)}")
    if article.updated:
        meta.append(f"Updated {when(article.updated, now)}")
    if meta:
        out += [" · ".join(meta), ""]
    out += [md_autolink(article.url), ""]
    images = sorted(article.images, key=lambda i: i.position)
    for index, paragraph in enumerate(article.paragraphs):
        for image in images:
            if image.position == index:
                out += [md_link(image.caption or "", image.url, image=True), ""]
        out += [md_escape(clean_line(paragraph)), ""]
    for image in images:
        if image.position >= len(article.paragraphs):
            out += [md_link(image.caption or "", image.url, image=True), ""]
    if article.related:
        out += ["## Related", ""]
        out += [f"- {md_link(link.title, link.url)}" for link in article.related]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def digest_markdown(title: str, articles: Iterable[Article], *, now: datetime | None = None) -> str:
    """A digest: one Markdown document with a table of contents and the full texts."""
    articles = list(articles)
    stamp = (now or now_kst()).strftime("%Y-%m-%d %H:%M KST")
    out = [f"# {md_escape(title)}", "", f"*{stamp}*", ""]
    for index, article in enumerate(articles, start=1):
        out.append(f"{index}. {md_escape(clean_line(article.title))}")
    out.append("")
    for article in articles:
        # Each article's headings go one level down, under the digest's title.
        text = article_markdown(article, now=now)
        lines = ["#" + line if line.startswith("#") else line for line in text.split("\n")]
        out += ["---", "", "\n".join(lines)]
    return "\n".join(out).rstrip() + "\n"
