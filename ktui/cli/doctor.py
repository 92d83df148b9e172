"""Provides `ktui doctor`: a live check of every kind of page, saying exactly what matched.

Much of the current layout is undocumented (the trending box, the search form, the article's
byline and dates), so ktui finds those by heading text and structure. The doctor fetches each kind
of page fresh and reports which rule found what, so a user on the live site can tell at a glance
whether ktui still understands it, and paste the report into an issue when it does not.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from ktui.core.errors import EXIT_OK, KtuiError
from ktui.core.models import ARTICLE_FIELDS, Article, FrontPage, ListPage
from ktui.core.parse.search import find_search_form
from ktui.core.service import NewsService


def _line(ok: bool, label: str, detail: str) -> str:
    return f"{'ok  ' if ok else 'FAIL'}  {label:<14} {detail}"


async def _timed(call: Callable[[], Awaitable[Any]]) -> tuple[Any, float, KtuiError | None]:
    started = time.monotonic()
    try:
        value = await call()
    except KtuiError as error:
        return None, time.monotonic() - started, error
    return value, time.monotonic() - started, None


async def doctor(service: NewsService, out: Callable[[str], None]) -> int:
    """Check the front page, a feed, a section, an article and search; print a report."""
    out(f"ktui doctor: {service.site.base}" + (" (offline: from the cache)" if service.offline else ""))
    failures: list[KtuiError] = []
    front_result, took, error = await _timed(lambda: service.front(refresh=True, swr=False))
    front: FrontPage | None = front_result.value if front_result else None
    if error or front is None:
        out(_line(False, "front page", error.message if error else "nothing"))
        if error:
            failures.append(error)
    else:
        notice = f" ({front_result.notice})" if front_result.notice else ""
        out(_line(bool(front.top), "front page", f"{took * 1000:.0f} ms, {len(front.headlines)} story links{notice}"))
        out(_line(bool(front.top), "  top 10", f"{len(front.top)} stories: {front.sources.get('top', '')}"))
        out(_line(bool(front.trending), "  trending", f"{len(front.trending)} stories: "
                  f"{front.sources.get('trending', '')}"))
        for box in front.boxes:
            if box.kind == "other":
                out(_line(True, "  other box", f'"{box.title}", {len(box.items)} stories: {box.matched}'))
        entry = service.cache.get(service.site.url("/"))
        form = find_search_form(entry.body.decode("utf-8", "replace"), entry.url, service.site) if entry else None
        out(_line(form is not None, "  search form",
                  f"{form.action} (field {form.field!r})" if form else "none found; using /search?keyword="))
    feed_result, took, error = await _timed(lambda: service.latest(refresh=True, swr=False))
    feed: ListPage | None = feed_result.value if feed_result else None
    if error or feed is None:
        out(_line(False, "feed", error.message if error else "nothing"))
        if error:
            failures.append(error)
    else:
        dated = sum(1 for i in feed.items if i.published)
        out(_line(bool(feed.items), "feed", f"{took * 1000:.0f} ms, {len(feed.items)} items, {dated} dated"))
    sections = service.sections()
    section_result, took, error = await _timed(lambda: service.section(sections[0], refresh=True, swr=False))
    if error or section_result is None:
        out(_line(False, "section", error.message if error else "nothing"))
        if error:
            failures.append(error)
    else:
        page: ListPage = section_result.value
        out(_line(bool(page.items), "section", f"{sections[0].path}: {took * 1000:.0f} ms, {len(page.items)} "
                  f"stories: {page.matched}; next page: {page.next_url or 'none found'}"))
    candidates = [*(front.top if front else ()), *(feed.items if feed else ())]
    if candidates:
        url = candidates[0].url
        article_result, took, error = await _timed(lambda: service.article(url, refresh=True, swr=False))
        if error or article_result is None:
            out(_line(False, "article", f"{url}: {error.message if error else 'nothing'}"))
            if error:
                failures.append(error)
        else:
            article: Article = article_result.value
            out(_line(article.extracted_by in ("current", "legacy"), "article",
                      f"{took * 1000:.0f} ms, body by {article.extracted_by}, {len(article.paragraphs)} paragraphs, "
                      f"{article.word_count} words: {url}"))
            for name in ARTICLE_FIELDS:
                source = article.sources.get(name, "not found")
                out(f"      {name:<11} {source}")
    else:
        out(_line(False, "article", "no story to check (no front page and no feed)"))
    search_result, took, error = await _timed(lambda: service.search("korea"))
    if error or search_result is None:
        out(_line(False, "search", error.message if error else "nothing"))
    else:
        results: ListPage = search_result.value
        out(_line(bool(results.items), "search", f"{took * 1000:.0f} ms, {len(results.items)} results for "
                  f"'korea' from {search_result.url}: {results.matched}"))
    if failures:
        return failures[0].exit_code
    return EXIT_OK
