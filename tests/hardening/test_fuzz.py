"""Property tests: every parser, the URL rules and the small decoders take any input and give a model
or a typed ktui error (a `KtuiError`), never another exception.

Three kinds of input: random text (all of Unicode, controls included) and random bytes; HTML-ish
documents built from the tags, class names, attributes and link shapes the parsers look for; and
real pages of the demo edition, mutated (cut short, spliced, with junk inserted), which reach deep
into the parsers because they start out valid. Example counts are modest so the suite stays fast.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ktui.core.cache import _ERRORS, Entry
from ktui.core.charset import charset_from_content_type, decode_body
from ktui.core.errors import KtuiError
from ktui.core.http import retry_after_seconds
from ktui.core.models import Article, FrontPage, ListPage
from ktui.core.parse.article import parse_article
from ktui.core.parse.feed import parse_feed
from ktui.core.parse.front import parse_front
from ktui.core.parse.generic import GenericExtract, extract_generic
from ktui.core.parse.listing import parse_list
from ktui.core.parse.search import SearchForm, find_search_form
from ktui.core.text import clean_line, clean_text, safe_url
from ktui.core.urls import LIVE, Site, UrlKind, is_web_url
from ktui.siteserver.edition import build_edition
from tests.conftest import NOW
from tests.hardening.conftest import TERMINAL_UNSAFE

SCALE = int(os.environ.get("KTUI_FUZZ_SCALE", "1"))
"""Multiplies every example count; above 1 the examples are random rather than the fixed set (a long hunt)."""


def examples(count: int) -> settings:
    """Settings for a property: `count` examples (times SCALE), no deadline, nothing written to disk."""
    return settings(max_examples=count * SCALE, deadline=None, database=None, derandomize=SCALE == 1,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


FAST = examples(40)
"""Modest and reproducible: the same examples on every run."""
SLOWER = examples(15)
"""For the generic extractor (trafilatura), which is slower per page."""

LOOPBACK = Site("http://127.0.0.1:8123/kt")
"""A base with a port and a path prefix, the trickiest kind of origin."""
SITES = st.sampled_from([LIVE, LOOPBACK])

# --- strategies ----------------------------------------------------------------------------------

HOSTILE_BITS = st.sampled_from([
    "\x1b[31m", "\x1b]52;c;SGk=\x07", "\x1b]8;;http://x/\x1b\\", "\u202e", "\x00", "\x08", "\x9b", "\x85",
    "[bold]", "[/]", "[link=file:///etc/passwd]", "&amp;", "&#27;", "&#x9b;", "&nbsp;", "<!--", "-->", "]]>",
    "<![CDATA[", "\ufeff", "\ud7ff", "코리아", "W" * 300,
])
TEXT = st.one_of(st.text(max_size=60), HOSTILE_BITS, st.text(alphabet=st.characters(max_codepoint=0x24F), max_size=30))

URLISH = st.one_of(
    st.sampled_from([
        "/", "#", "", " ", "javascript:alert(1)", "JaVaScRiPt:x", "data:text/html,x", "file:///etc/passwd",
        "mailto:a@b.c", "//evil.example/x", "http://", "https://[::1", "http://a:b@c:99999/", "http://x:-1/",
        "/economy/20261127/story", "/www/nation/2019/05/113_268820.html", "/www2/section_113.html",
        "https://m.koreatimes.co.kr/southkorea/politics/20261127/a?utm_source=x&page=2#frag",
        "https://feed.koreatimes.co.kr/k/allnews.xml", "/search?keyword=x", "http://127.0.0.1:8123/kt/economy",
        "\x1b[31m/economy/20261127/x", "/economy/20261127/\u202eevil", "https://www.koreatimes.co.kr/%zz/%",
        "https://www.koreatimes.co.kr:443/economy", "HTTP://WWW.KOREATIMES.CO.KR/ECONOMY", "..//..//x",
        "https://xn--bcher-kva.example/", "https://例え.テスト/パス", "\thttps://www.koreatimes.co.kr/\n",
    ]),
    st.text(max_size=40),
    st.builds(lambda scheme, host, path, query: f"{scheme}{host}{path}{query}",
              st.sampled_from(["http://", "https://", "", "//", "ftp://", "HTTPS://"]),
              st.sampled_from(["www.koreatimes.co.kr", "koreatimes.co.kr", "m.koreatimes.co.kr", "127.0.0.1:8123",
                               "example.com", "", "[::1]", "a b", "x\x00y"]),
              st.text(alphabet="/abcz09-._%?#&=[]@:;+ \x1b", max_size=30),
              st.sampled_from(["", "?page=2", "?utm_source=x", "?keyword=%E2%80", "?a=1&utm_medium=2&b"])),
)

TAGS = ["html", "head", "body", "div", "p", "a", "h1", "h2", "h3", "article", "section", "aside", "main", "ul",
        "ol", "li", "span", "time", "strong", "em", "br", "img", "figure", "figcaption", "table", "tr", "td",
        "script", "style", "form", "input", "nav", "header", "footer", "title", "meta", "link", "noscript"]
CLASSES = ["ArticleHeader_title__x1", "ArticleHeader_subtitle__x1", "ArticleHeader_byline__x1",
           "ArticleHeader_dates__x1", "EditorContents_contents__x1", "EditorContents_wrap__x1", "editor-p",
           "module-articles", "editor-img-box", "RankingModule_list__x1", "RankingModule_item__x1",
           "RankingModule_rank__x1", "ArticleList_item__x1", "Pagination_next__x1", "LatestNews_item__x1",
           "TopNews_wrap__x1", "view_headline", "span_article_content", "list_article_headline", "ad-inarticle"]
ATTRIBUTES = st.one_of(
    st.tuples(st.just("class"), st.sampled_from(CLASSES)),
    st.tuples(st.just("href"), URLISH),
    st.tuples(st.just("src"), URLISH),
    st.tuples(st.sampled_from(["datetime", "content"]), st.sampled_from(
        ["2026-11-27T16:48:00+09:00", "2026-13-45", "", "yesterday", "0000-00-00", "2026-11-27 16:48", "9" * 40])),
    st.tuples(st.sampled_from(["property", "name", "itemprop"]), st.sampled_from(
        ["og:title", "og:url", "og:description", "article:published_time", "description", "author",
         "datePublished", "headline"])),
    st.tuples(st.sampled_from(["type", "rel", "id", "data-article-content", "method", "action", "charset"]),
              st.sampled_from(["application/ld+json", "canonical", "search", "true", "get", "/search", "euc-kr",
                               "text", "hidden", "keyword"])),
    st.tuples(st.text(alphabet="abc-", min_size=1, max_size=5), TEXT),
)
JSONLD = st.sampled_from([
    '{"@type":"NewsArticle","headline":"H","articleBody":"Body text. More text.","datePublished":"2026-11-27"}',
    '{"@graph":[{"@type":"NewsArticle","headline":null,"author":[{"name":1}]}]}', "[1,2,", "null", '"x"',
    '{"@type":["NewsArticle"],"headline":{"x":1},"datePublished":5,"image":[null]}',
])


def _attrs(pairs: list[tuple[str, str]]) -> str:
    return "".join(f' {name}="{value.replace(chr(34), "&quot;")}"' for name, value in pairs)


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda tag, attrs, inner, closed: f"<{tag}{_attrs(attrs)}>{''.join(inner)}" + (f"</{tag}>" if closed else ""),
        st.sampled_from(TAGS), st.lists(ATTRIBUTES, max_size=3), st.lists(children, max_size=4),
        st.booleans(),
    )


HTML_FRAGMENT = st.recursive(st.one_of(TEXT, JSONLD.map(lambda j: f'<script type="application/ld+json">{j}</script>')),
                             _element, max_leaves=25)
HTML_DOC = st.builds(lambda head, body: f"<!doctype html><html><head>{head}</head><body>{body}</body></html>",
                     st.lists(HTML_FRAGMENT, max_size=3).map("".join), st.lists(HTML_FRAGMENT, max_size=6).map("".join))

_EDITION: dict[str, bytes] = {}


def _edition_pages(kind: str) -> list[bytes]:
    if not _EDITION:
        for path, page in build_edition(NOW).items():
            _EDITION[path] = page.body
    if kind == "feed":
        return [b for p, b in _EDITION.items() if p.endswith(".xml")][:3]
    if kind == "front":
        return [_EDITION["/"]]
    if kind == "list":
        return [_EDITION["/economy"], _EDITION["/southkorea/politics"]]
    return [b for p, b in _EDITION.items() if p.count("/") >= 3 and "/2026" in p][:4]


def _mutate(page: bytes, cuts: list[tuple[int, int, bytes]]) -> bytes:
    """Apply splices to a page: at a relative position, drop some bytes and insert others."""
    for where, drop, insert in cuts:
        at = where * len(page) // 1000
        page = page[:at] + insert + page[at + drop:]
    return page


def mutated(kind: str) -> st.SearchStrategy[bytes]:
    """A real page of the demo edition, spliced at a few random places."""
    junk = st.one_of(st.binary(max_size=40), TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")),
                     st.sampled_from([b"<", b">", b"</div>", b"<p>", b"<!--", b"\xff\xfe", b"\xed\xa0\x80",
                                      b"<script>", b"]]>", b"<item>", b"</channel>"]))
    cut = st.tuples(st.integers(0, 1000), st.integers(0, 5000), junk)
    return st.builds(_mutate, st.sampled_from(_edition_pages(kind)), st.lists(cut, min_size=1, max_size=4))


def any_page(kind: str) -> st.SearchStrategy[Any]:
    return st.one_of(TEXT, st.binary(max_size=300), HTML_DOC, mutated(kind))


def _typed(call: Any, *args: Any, **kwargs: Any) -> Any:
    """Call a parser; a KtuiError is a fine answer (returned as None), anything else fails the test."""
    try:
        return call(*args, **kwargs)
    except KtuiError as error:
        assert error.message == clean_line(error.message)
        return None


def _clean_strings(value: Any) -> None:
    """What a model says (not its URLs) never carries a terminal control."""
    if isinstance(value, str):
        assert not TERMINAL_UNSAFE.search(value), repr(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("url", "thumbnail", "next_url"):
                _clean_strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _clean_strings(item)


# --- the parsers ---------------------------------------------------------------------------------

ARTICLE_URLS = st.sampled_from(["https://www.koreatimes.co.kr/economy/markets/20261127/story",
                                "https://www.koreatimes.co.kr/www/nation/2019/05/113_268820.html",
                                "https://example.com/news/1", "file:///tmp/saved.html"])


@FAST
@given(page=any_page("article"), url=ARTICLE_URLS, site=SITES)
def test_parse_article_gives_an_article_or_a_typed_error(page: Any, url: str, site: Site) -> None:
    article = _typed(parse_article, page, url, site)
    if article is not None:
        assert isinstance(article, Article)
        assert article.paragraphs and all(article.paragraphs)
        assert Article.from_dict(article.to_dict()) == article


def test_generic_layer_text_is_cleaned_like_the_site_layers() -> None:
    words = " ".join(f"word{n}" for n in range(80))
    page = (f"<html><head><title>A \u202eheadline</title></head><body><article><h1>A \u202eheadline</h1>"
            f"<p>First \x9b31m paragraph {words}.</p><p>Second \u202e paragraph {words}.</p></article></body></html>")
    article = parse_article(page, "https://example.com/news/1", LIVE)
    _clean_strings(article.to_dict())


@FAST
@given(page=any_page("front"), site=SITES)
def test_parse_front_gives_a_front_page_or_a_typed_error(page: Any, site: Site) -> None:
    front = _typed(parse_front, page, site.url("/"), site)
    if front is not None:
        assert isinstance(front, FrontPage)
        _clean_strings(front.to_dict())
        assert FrontPage.from_dict(front.to_dict()) == front


@FAST
@given(page=any_page("list"), site=SITES, title=st.none() | TEXT)
def test_parse_list_gives_a_list_or_a_typed_error(page: Any, site: Site, title: str | None) -> None:
    listing = _typed(parse_list, page, site.url("/economy"), site, title=title)
    if listing is not None:
        assert isinstance(listing, ListPage)
        assert ListPage.from_dict(listing.to_dict()) == listing


FEED_XML = st.builds(
    lambda items, declaration: f'{declaration}<rss version="2.0"><channel><title>T</title>{"".join(items)}</channel></rss>',
    st.lists(st.builds(lambda t, link, d, date: f"<item><title>{t}</title><link>{link}</link>"
                                                f"<description>{d}</description><pubDate>{date}</pubDate></item>",
                       TEXT, URLISH, TEXT, st.sampled_from(["Fri, 27 Nov 2026 07:48:00 GMT", "", "garbage", "0"])),
             max_size=4),
    st.sampled_from(['<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0" encoding="euc-kr"?>',
                     '<?xml version="1.0" encoding="ISO-8859-1"?>', ""]),
)


@FAST
@given(page=st.one_of(any_page("feed"), FEED_XML), site=SITES)
def test_parse_feed_gives_a_list_or_a_typed_error(page: Any, site: Site) -> None:
    feed = _typed(parse_feed, page, site.feed_url("allnews"), site)
    if feed is not None:
        assert isinstance(feed, ListPage)
        _clean_strings(feed.to_dict())
        assert ListPage.from_dict(feed.to_dict()) == feed


def test_parse_feed_with_an_unknown_declared_encoding_is_a_typed_error() -> None:
    page = '<?xml version="1.0" encoding="bogus"?><rss version="2.0"><channel><title>T</title></channel></rss>'
    _typed(parse_feed, page, LIVE.feed_url("allnews"), LIVE)


@SLOWER
@given(page=st.one_of(TEXT, HTML_DOC, mutated("article").map(lambda b: b.decode("utf-8", "replace"))),
       url=st.none() | ARTICLE_URLS)
def test_extract_generic_gives_an_extract_or_none(page: str, url: str | None) -> None:
    found = extract_generic(page, url)
    assert found is None or isinstance(found, GenericExtract)
    if found is not None:
        assert all(found.paragraphs)


@FAST
@given(page=st.one_of(TEXT, HTML_DOC, mutated("front").map(lambda b: b.decode("utf-8", "replace"))), site=SITES)
def test_find_search_form_gives_a_form_or_none(page: str, site: Site) -> None:
    form = _typed(find_search_form, page, site.url("/"), site)
    if form is not None:
        assert isinstance(form, SearchForm)
        assert site.site_path(form.action) is not None
        assert is_web_url(form.url("korea [x] \x1b"))


# --- URLs ----------------------------------------------------------------------------------------


@examples(300)
@given(href=st.none() | URLISH, page=st.none() | URLISH, site=SITES)
def test_normalize_gives_a_web_url_or_none(href: str | None, page: str | None, site: Site) -> None:
    url = site.normalize(href, page)
    if url is not None:
        assert is_web_url(url)
        assert url.startswith(("http://", "https://"))
        assert site.classify(url) is not UrlKind.INVALID
        assert "#" not in url


def test_normalize_keeps_an_ipv6_literal_a_url() -> None:
    url = LIVE.normalize("http://[::1]:8080/economy")
    assert url is not None and is_web_url(url)


@examples(300)
@given(url=URLISH, site=SITES)
def test_classify_and_site_path_take_any_string(url: str, site: Site) -> None:
    kind = site.classify(url)
    assert isinstance(kind, UrlKind)
    if not is_web_url(url):
        assert kind is UrlKind.INVALID
    site.site_path(url)
    site.is_site(url)
    site.section_name(url)


@examples(200)
@given(href=URLISH, site=SITES)
def test_normalized_urls_carry_no_terminal_controls(href: str, site: Site) -> None:
    url = site.normalize(href)
    assert url is None or not TERMINAL_UNSAFE.search(url)


@examples(200)
@given(url=URLISH)
def test_safe_url_leaves_nothing_a_terminal_would_obey(url: str) -> None:
    assert not TERMINAL_UNSAFE.search(safe_url(url))
    assert safe_url(safe_url(url)) == safe_url(url)


# --- the small decoders ktui trusts with network data ---------------------------------------------


@examples(200)
@given(data=st.binary(max_size=200), header=st.none() | st.text(max_size=30))
def test_decode_body_never_raises(data: bytes, header: str | None) -> None:
    assert isinstance(decode_body(data, header), str)
    assert charset_from_content_type(header) is None or isinstance(charset_from_content_type(header), str)


@pytest.mark.parametrize("charset", ["undefined", "bogus", "utf-8\x00", "mbcs", "rot13", "base64"])
def test_a_codec_name_that_is_no_text_encoding_falls_back(charset: str) -> None:
    page = f'<meta charset="{charset}"><p>Seoul café</p>'.encode()
    assert "Seoul café" in decode_body(page, charset)


@examples(200)
@given(value=st.none() | st.text(max_size=40) | st.integers(-10, 10**30).map(str))
def test_retry_after_never_raises(value: str | None) -> None:
    wait = retry_after_seconds(value, now=1_800_000_000.0)
    assert wait is None or wait >= 0


@examples(200)
@given(blob=st.binary(max_size=300))
def test_a_garbage_cache_blob_raises_only_what_the_cache_handles(blob: bytes) -> None:
    try:
        Entry.decode(blob)
    except _ERRORS:
        pass


@examples(100)
@given(text=TEXT)
def test_cleaned_text_carries_no_terminal_controls(text: str) -> None:
    assert not TERMINAL_UNSAFE.search(clean_line(text))
    assert not TERMINAL_UNSAFE.search(clean_text(text))
