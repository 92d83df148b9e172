"""Every field of every site fixture, against the values a reader of that page would expect.

The fixtures under tests/fixtures/site were written from the documented facts about the site
(tests/fixtures/site/README.md), independently of the parsers; each NAME.expected.json says what a
correct parser extracts from NAME.html or NAME.xml.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ktui.core.errors import BlockedPage, ErrorPage, NoContent
from ktui.core.parse.article import parse_article
from ktui.core.parse.feed import parse_feed
from ktui.core.parse.front import parse_front
from ktui.core.parse.listing import parse_list

FIXTURES = Path(__file__).parent / "fixtures" / "site"


def _cases() -> list[tuple[str, Path, dict[str, Any]]]:
    cases = []
    for expected in sorted(FIXTURES.glob("*.expected.json")):
        name = expected.name.removesuffix(".expected.json")
        page = next(p for p in FIXTURES.glob(f"{name}.*") if not p.name.endswith(".expected.json"))
        cases.append((name, page, json.loads(expected.read_text(encoding="utf-8"))))
    return cases


CASES = _cases()


def _by_kind(kind: str) -> list[Any]:
    return [pytest.param(page, expected, id=name) for name, page, expected in CASES if expected["kind"] == kind]


def test_there_are_fixtures_of_every_kind() -> None:
    kinds = {expected["kind"] for _, _, expected in CASES}
    assert {"article", "front", "list", "feed", "blocked", "error_page", "no_content"} <= kinds


@pytest.mark.parametrize(("page", "expected"), _by_kind("article"))
def test_article_fixture(page: Path, expected: dict[str, Any]) -> None:
    article = parse_article(page.read_bytes(), expected["url"])
    for field in ("title", "subtitle", "section", "byline", "email", "extracted_by"):
        if field in expected:
            assert getattr(article, field) == expected[field], field
    for field in ("published", "updated"):
        if field in expected:
            value = getattr(article, field)
            assert (value.isoformat() if value else None) == expected[field], field
    assert len(article.paragraphs) == expected["paragraph_count"]
    assert article.paragraphs[0] == expected["first_paragraph"]
    assert article.paragraphs[-1] == expected["last_paragraph"]
    body = "\n".join(article.paragraphs)
    for unwanted in expected.get("must_not_contain", []):
        assert unwanted not in body, unwanted
    if "images" in expected:
        assert [{"url": i.url, "caption": i.caption} for i in article.images] == expected["images"]
    if "related" in expected:
        assert [{"title": r.title, "url": r.url} for r in article.related] == expected["related"]


@pytest.mark.parametrize(("page", "expected"), _by_kind("front"))
def test_front_fixture(page: Path, expected: dict[str, Any]) -> None:
    front = parse_front(page.read_bytes(), expected["url"])
    assert [(h.title, h.url) for h in front.top] == [(e["title"], e["url"]) for e in expected["top"]]
    assert [(h.title, h.url) for h in front.trending] == [(e["title"], e["url"]) for e in expected["trending"]]
    assert [h.rank for h in front.top] == list(range(1, len(front.top) + 1))
    found = {(b.title, b.kind, len(b.items)) for b in front.boxes}
    for box in expected.get("boxes", []):
        if box["title"] is None:  # a box without a heading: ktui names it by what it is
            assert any((b.kind, len(b.items)) == (box["kind"], box["count"]) for b in front.boxes), box
        else:
            assert (box["title"], box["kind"], box["count"]) in found, box


@pytest.mark.parametrize(("page", "expected"), _by_kind("list"))
def test_list_fixture(page: Path, expected: dict[str, Any]) -> None:
    listing = parse_list(page.read_bytes(), expected["url"])
    assert len(listing.items) == expected["count"]
    for item, want in zip(listing.items, expected["items"], strict=True):
        assert (item.title, item.url) == (want["title"], want["url"])
        if "summary" in want:
            assert item.summary == want["summary"], item.url
        if want.get("published"):
            assert item.published is not None and item.published.isoformat() == want["published"], item.url
    assert listing.next_url == expected["next_url"]


@pytest.mark.parametrize(("page", "expected"), _by_kind("feed"))
def test_feed_fixture(page: Path, expected: dict[str, Any]) -> None:
    feed = parse_feed(page.read_bytes(), expected["url"])
    assert len(feed.items) == expected["count"]
    for item, want in zip(feed.items, expected["items"], strict=True):
        assert (item.title, item.url) == (want["title"], want["url"])
        assert (item.published.isoformat() if item.published else None) == want["published"], item.url
        if "summary" in want:
            assert item.summary == want["summary"], item.url


ERRORS = {"blocked": BlockedPage, "error_page": ErrorPage, "no_content": NoContent}


@pytest.mark.parametrize(
    ("page", "expected"), [p for kind in ERRORS for p in _by_kind(kind)]
)
def test_bad_pages_are_typed_errors(page: Path, expected: dict[str, Any]) -> None:
    url = expected.get("url", "https://www.koreatimes.co.kr/southkorea/politics/20261120/x")
    with pytest.raises(ERRORS[expected["kind"]]):
        parse_article(page.read_bytes(), url)
