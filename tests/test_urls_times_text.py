"""URL knowledge, time parsing and text cleaning."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ktui.core.patterns import LazyPattern
from ktui.core.sections import find_section, iter_sections, section_for_path
from ktui.core.text import _DROP, _ESCAPES, clean_line, clean_text, has_controls, strip_controls
from ktui.core.times import parse_time
from ktui.core.urls import LIVE, Site, UrlKind, article_date, page_number


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://www.koreatimes.co.kr/southkorea/politics/20261120/slug", UrlKind.ARTICLE),
        ("https://www.koreatimes.co.kr/opinion/20250604/slug", UrlKind.ARTICLE),
        ("https://m.koreatimes.co.kr/www/nation/2020/08/103_293567.html", UrlKind.LEGACY_ARTICLE),
        ("https://www.koreatimes.co.kr/www/news/nation/2015/12/116_192409.html", UrlKind.LEGACY_ARTICLE),
        ("https://www.koreatimes.co.kr/", UrlKind.FRONT),
        ("https://www.koreatimes.co.kr/www2/index.asp", UrlKind.FRONT),
        ("https://feed.koreatimes.co.kr/k/allnews.xml", UrlKind.FEED),
        ("https://www.koreatimes.co.kr/www/rss/nation.xml", UrlKind.FEED),
        ("https://www.koreatimes.co.kr/search?keyword=x", UrlKind.SEARCH),
        ("https://www.koreatimes.co.kr/www2/common/search.asp?kwd=x", UrlKind.SEARCH),
        ("https://www.koreatimes.co.kr/economy/cryptocurrency", UrlKind.SECTION),
        ("https://www.koreatimes.co.kr/www/sublist_602_3.html", UrlKind.SECTION),
        ("https://www.koreatimes.co.kr/about", UrlKind.OTHER),
        ("https://example.com/news/20261120/story", UrlKind.EXTERNAL),
        ("javascript:alert(1)", UrlKind.INVALID),
        ("file:///etc/passwd", UrlKind.INVALID),
    ],
)
def test_classify(url: str, kind: UrlKind) -> None:
    assert LIVE.classify(url) is kind


def test_normalize_makes_one_url_per_story() -> None:
    page = "https://www.koreatimes.co.kr/southkorea"
    variants = [
        "/southkorea/politics/20261120/slug?utm_source=rss&utm_medium=x#comments",
        "http://koreatimes.co.kr/southkorea/politics/20261120/slug",
        "https://M.KoreaTimes.co.kr:443/southkorea/politics/20261120/slug",
        "//w.koreatimes.co.kr/southkorea/politics/20261120/slug",
    ]
    assert {LIVE.normalize(v, page) for v in variants} == {
        "https://www.koreatimes.co.kr/southkorea/politics/20261120/slug"}
    assert LIVE.normalize("/list?page=2&utm_campaign=x&q=heat+wave") == "https://www.koreatimes.co.kr/list?page=2&q=heat+wave"
    for bad in ("javascript:void(0)", "data:text/html,x", "mailto:a@b.c", "#top", "", None):
        assert LIVE.normalize(bad) is None


def test_a_base_url_with_a_path_prefix() -> None:
    mirror = Site("https://mirror.example/kt/")
    assert mirror.url("/southkorea") == "https://mirror.example/kt/southkorea"
    url = mirror.normalize("https://www.koreatimes.co.kr/world/20261120/x")
    assert url == "https://mirror.example/kt/world/20261120/x"
    assert mirror.classify(url) is UrlKind.ARTICLE
    assert mirror.classify("https://mirror.example/other/world/20261120/x") is UrlKind.EXTERNAL


def test_dates_come_from_current_urls_never_from_legacy_ones() -> None:
    date = article_date("https://www.koreatimes.co.kr/world/20261120/x")
    assert date is not None and date.isoformat() == "2026-11-20T00:00:00+09:00"
    assert article_date("https://www.koreatimes.co.kr/www/nation/2024/12/113_352599.html") is None
    assert article_date("https://www.koreatimes.co.kr/world/20261340/x") is None


def test_page_numbers() -> None:
    assert page_number("https://www.koreatimes.co.kr/economy?page=3") == 3
    assert page_number("https://www.koreatimes.co.kr/www/sublist_602_4.html") == 4
    assert page_number("https://www.koreatimes.co.kr/economy") == 1


def test_sections_by_path_or_name() -> None:
    assert find_section("K-Pop") is find_section("entertainment/k-pop") is find_section("kpop")
    assert find_section("Law & Crime") is find_section("southkorea/law-crime")
    assert find_section("North Korea") is find_section("foreignaffairs/northkorea")
    assert find_section("astrology") is None
    assert section_for_path("/southkorea/politics/20261120/x").name == "Politics"  # type: ignore[union-attr]
    assert all(s.feed for s in iter_sections())


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2020-08-12 16:55", "2020-08-12T16:55:00+09:00"),
        ("Posted : 2020.08.12 16:55", "2020-08-12T16:55:00+09:00"),
        ("Sun, 03 Aug 2025 06:27:03 GMT", "2025-08-03T15:27:03+09:00"),
        ("Thu, 20 Nov 2026 10:00:00 +0900", "2026-11-20T10:00:00+09:00"),
        ("2026-11-20T00:15:00.000Z", "2026-11-20T09:15:00+09:00"),
        ("2026-11-20", "2026-11-20T00:00:00+09:00"),
    ],
)
def test_times_are_kst(text: str, iso: str) -> None:
    value = parse_time(text)
    assert value is not None and value.isoformat() == iso


def test_no_time_in_garbage() -> None:
    for text in ("", "yesterday", "2026-13-45", None):
        assert parse_time(text) is None


def test_terminal_controls_are_removed_with_their_payload() -> None:
    hostile = "A\x1b[31mred\x1b[0m \x1b]52;c;ZXZpbA==\x07B \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ \u202eevil\b\x9b2J C"
    cleaned = strip_controls(hostile)
    assert "\x1b" not in cleaned and "\x07" not in cleaned and "\u202e" not in cleaned and "\b" not in cleaned
    assert cleaned.startswith("Ared B link")
    assert clean_line("  [bold]x[/bold]\n\t y ") == "[bold]x[/bold] y"
    assert clean_text("a\r\n\r\n\r\nb") == "a\n\nb"


def test_normalize_keeps_ipv6_brackets_and_encodes_what_a_terminal_would_obey() -> None:
    assert LIVE.normalize("http://[::1]:8080/economy") == "http://[::1]:8080/economy"
    assert LIVE.normalize("https://[2001:DB8::1]/x?utm_source=a&b=1") == "https://[2001:db8::1]/x?b=1"
    loopback = Site("http://[::1]:8123/kt")
    assert loopback.normalize(loopback.url("/economy")) == "http://[::1]:8123/kt/economy"
    assert loopback.normalize("https://www.koreatimes.co.kr/economy") == "http://[::1]:8123/kt/economy"
    url = LIVE.normalize("/economy/20261127/a\x1b]52;c;SGk=\x07b c\u202ed\x9b?q=x\x85y")
    assert url == "https://www.koreatimes.co.kr/economy/20261127/a%1B]52;c;SGk=%07b%20c%E2%80%AEd%C2%9B?q=x%C2%85y"
    assert LIVE.normalize(url) == url, "normalising twice changes nothing"
    assert LIVE.classify(url) is UrlKind.ARTICLE
    assert LIVE.normalize("http://a b/x") is None and LIVE.normalize("http://x\x00y/x") is None


# The cleaning of text from the web as it was written before its fast paths: the reference they must match.
_REFERENCE_SPACE = re.compile(r"\s+")


def _reference_clean_line(text: str) -> str:
    text = text.replace("\r", " ")
    if re.search("[\x1b\x80-\x9f]", text):
        text = _ESCAPES.sub("", text)
    text = unicodedata.normalize("NFC", text.translate(_DROP))
    return _REFERENCE_SPACE.sub(" ", text).strip()


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(st.text(alphabet=st.one_of(st.characters(max_codepoint=0x3100), st.sampled_from(
    list("\x1b[]\x07\x9b\x9d\x9c\r\n\t\x0b\x0c\x1c\x85 \u00a0\u2028\u202e\u00ad\u200b\ufeff\u1100\u1161e\u0301"))),
    max_size=40))
def test_clean_line_and_strip_controls_match_the_reference(text: str) -> None:
    assert clean_line(text) == _reference_clean_line(text)
    expected = _ESCAPES.sub("", text) if re.search("[\x1b\x80-\x9f]", text) else text
    assert strip_controls(text) == expected.translate(_DROP)
    assert has_controls(text) == (strip_controls(text) != text)


def test_a_lazy_pattern_answers_as_the_compiled_one_and_compiles_once_used() -> None:
    source, flags = r"(?P<word>k-?pop)\s*(?P<n>\d+)?", re.IGNORECASE
    lazy, eager = LazyPattern(source, flags), re.compile(source, flags)
    assert lazy._compiled is None
    for text in ("K-pop 2 and kpop", "no match here", "KPOP"):
        for name in ("match", "fullmatch", "search"):
            got, want = getattr(lazy, name)(text), getattr(eager, name)(text)
            assert (got and got.groupdict()) == (want and want.groupdict())
        assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in eager.finditer(text)]
        assert lazy.sub("<\\g<word>>", text) == eager.sub("<\\g<word>>", text)
        assert lazy.sub(lambda m: m.group().upper(), text, count=1) == eager.sub(lambda m: m.group().upper(), text, 1)
    assert lazy.compiled is lazy.compiled
