"""The article extraction chain layer by layer, and how the site parsers cope with drift."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from ktui.core import profile
from ktui.core.errors import BlockedPage, ErrorPage, NoContent
from ktui.core.parse.article import parse_article
from ktui.core.parse.boxes import could_be_heading
from ktui.core.parse.dom import first_of_each, simple_selectors
from ktui.core.parse.feed import parse_feed
from ktui.core.parse.front import parse_front
from ktui.core.parse.listing import parse_list
from ktui.core.parse.search import find_search_form
from ktui.core.urls import LIVE

FIXTURES = Path(__file__).parent / "fixtures" / "site"
URL = "https://www.koreatimes.co.kr/southkorea/politics/20261120/test-story"
BODY = " ".join(f"Sentence number {i} tells the reader something new about the story." for i in range(12))


def page(head: str = "", body: str = "") -> str:
    return f"<!doctype html><html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"


def test_current_layout_layer() -> None:
    html = page(
        "<meta property='og:title' content='Meta title - The Korea Times'>",
        "<article><h1 class='Head_title__x1'>Page title</h1><div class='Info_byline__a'>By Han Ji-su</div>"
        "<time datetime='2026-11-20T08:30:00+09:00'>Nov 20</time>"
        f"<div class='EditorContents_contents__Zz9 light'><p class='editor-p'>{BODY}</p>"
        "<div id='koreatimes_inarticle_1'>BUY NOW</div><p class='editor-p'>Second paragraph here.</p></div></article>",
    )
    article = parse_article(html, URL)
    assert article.extracted_by == "current"
    assert article.title == "Page title"
    assert article.byline == "Han Ji-su"
    assert article.published is not None and article.published.hour == 8
    assert article.paragraphs == (BODY, "Second paragraph here.")
    assert article.sources["title"] == "current"
    assert article.section == "Politics"


def test_legacy_layout_layer() -> None:
    html = page(
        "<meta name='writer' content='Meta Writer'>",
        "<div class='view_headline LoraMedium'>Legacy title</div><div class='date_div'><div class='view_date'>"
        "Posted : 2019-03-04 10:20</div></div><div id='startts'><span>By Cho Min</span><br><br>"
        f"<span>{BODY}</span><br><br><span>Last words.</span></div>",
    )
    article = parse_article(html, "https://www.koreatimes.co.kr/www/nation/2024/12/113_250000.html")
    assert article.extracted_by == "legacy"
    assert (article.title, article.byline) == ("Legacy title", "Cho Min")
    assert article.published is not None and article.published.isoformat() == "2019-03-04T10:20:00+09:00"
    assert article.paragraphs == (BODY, "Last words.")
    assert article.section == "National"  # from the category code 113, not the URL's date


def test_jsonld_layer_when_no_site_selector_matches() -> None:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "LD headline",
            "articleBody": BODY + "\n\nAnother paragraph.", "author": {"@type": "Person", "name": "Yu Na"},
            "datePublished": "2026-11-20T01:00:00Z"}
    html = page(f"<script type='application/ld+json'>{json.dumps(data)}</script>", "<div class='x'>Shell</div>")
    article = parse_article(html, URL)
    assert article.extracted_by == "jsonld"
    assert article.title == "LD headline"
    assert article.byline == "Yu Na"
    assert article.published is not None and article.published.isoformat() == "2026-11-20T10:00:00+09:00"
    assert article.paragraphs[-1] == "Another paragraph."


def test_meta_layer_fills_what_the_body_layer_lacks() -> None:
    html = page(
        "<meta property='og:title' content='OG title - The Korea Times'>"
        "<meta property='og:description' content='The standfirst.'>"
        "<meta property='article:published_time' content='2026-11-19T23:00:00+09:00'>",
        f"<div data-article-content='true'><p>{BODY}</p></div>",
    )
    article = parse_article(html, URL)
    assert article.extracted_by == "current"
    assert (article.title, article.sources["title"]) == ("OG title", "meta")
    assert (article.subtitle, article.sources["subtitle"]) == ("The standfirst.", "meta")
    assert article.sources["published"] == "meta"


def test_generic_layer_for_a_layout_nobody_foresaw() -> None:
    paragraphs = "".join(f"<p>{BODY} Part {i}.</p>" for i in range(4))
    html = page("<title>Odd layout</title>",
                f"<nav><a href='/'>Home</a><a href='/a'>A</a></nav><main><article><h1>Odd layout story</h1>"
                f"{paragraphs}</article></main><footer>Copyright</footer>")
    article = parse_article(html, URL)
    assert article.extracted_by == "generic"
    assert len(article.paragraphs) == 4
    assert "Copyright" not in article.text


def test_the_url_gives_the_date_and_section_last() -> None:
    html = page("", f"<div data-article-content='true'><p>{BODY}</p></div>")
    article = parse_article(html, URL)
    assert article.published is not None and article.published.isoformat() == "2026-11-20T00:00:00+09:00"
    assert article.sources["published"] == "url"


def test_empty_article_is_never_a_success() -> None:
    with pytest.raises(NoContent):
        parse_article(page("<title>Nothing</title>", "<nav><a href='/'>Home</a></nav>"), URL)
    with pytest.raises(NoContent):
        parse_article("", URL)


def test_challenge_and_error_pages_are_typed() -> None:
    waf = page("<script src='https://abc.token.awswaf.com/abc/challenge.js'></script>",
               "<script>window.gokuProps = {};</script><noscript>Enable JavaScript</noscript>")
    with pytest.raises(BlockedPage):
        parse_article(waf, URL)
    error = page("<title>Service Error</title>", "<h1>Service Error</h1><p>An unexpected server error occurred."
                 "</p><a href='/'>Go to Homepage</a>")
    with pytest.raises(ErrorPage):
        parse_article(error, URL)


def test_an_article_about_service_errors_is_still_an_article() -> None:
    html = page("", f"<div data-article-content='true'><p>The app showed a Service Error page. {BODY}</p>"
                f"<p>Users saw 'Go to Homepage' links. {BODY}</p></div>")
    assert parse_article(html, URL).extracted_by == "current"


@pytest.mark.parametrize("name", ["current_article_jsonld", "current_article_hangul_long", "current_home_ol",
                                  "current_section_politics"])
def test_a_class_hash_never_seen_before_still_parses(name: str) -> None:
    """A new deploy changes every CSS-module hash suffix; the parsers must not notice."""
    source = (FIXTURES / f"{name}.html").read_text(encoding="utf-8")
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    rng = random.Random(name)

    def rehash(match: re.Match[str]) -> str:
        return match.group(1) + "__" + "".join(rng.choice("abcdefXYZ0123456789") for _ in range(5))

    redeployed = re.sub(r"([A-Z][A-Za-z]+_[a-zA-Z]+)__[A-Za-z0-9_-]{5}", rehash, source)
    assert redeployed != source
    if expected["kind"] == "article":
        before, after = parse_article(source, expected["url"]), parse_article(redeployed, expected["url"])
        assert after == before
    elif expected["kind"] == "front":
        assert parse_front(redeployed, expected["url"]).top == parse_front(source, expected["url"]).top
    else:
        assert parse_list(redeployed, expected["url"]).items == parse_list(source, expected["url"]).items


def test_feed_with_pubdate_cdata_entities_and_tracking() -> None:
    xml = """<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
    <item><title><![CDATA[Seoul & Busan]]></title><link>https://www.koreatimes.co.kr/southkorea/20261120/a?utm_source=rss#x</link>
    <pubdate>Thu, 20 Nov 2026 01:00:00 GMT</pubdate><description>&lt;p&gt;Lead &amp;amp; more&lt;/p&gt;</description></item>
    <item><title>Two&#8217;s</title><link>https://m.koreatimes.co.kr/world/20261119/b</link></item>
    </channel></rss>"""
    feed = parse_feed(xml, "https://feed.koreatimes.co.kr/k/allnews.xml")
    first, second = feed.items
    assert (first.title, first.url) == ("Seoul & Busan", "https://www.koreatimes.co.kr/southkorea/20261120/a")
    assert first.published is not None and first.published.isoformat() == "2026-11-20T10:00:00+09:00"
    assert first.summary == "Lead & more"
    assert (second.title, second.url) == ("Two\u2019s", "https://www.koreatimes.co.kr/world/20261119/b")
    assert second.published is not None and second.published.isoformat() == "2026-11-19T00:00:00+09:00"


def test_collapsed_pubdates_give_way_to_url_dates() -> None:
    items = "".join(f"<item><title>S{d}</title><link>https://www.koreatimes.co.kr/world/202611{d}/s</link>"
                    "<pubDate>Sun, 03 Aug 2025 06:27:03 GMT</pubDate></item>" for d in (20, 19, 18))
    feed = parse_feed(f"<rss><channel>{items}</channel></rss>", "https://feed.koreatimes.co.kr/k/world.xml")
    assert [i.published.day for i in feed.items if i.published] == [20, 19, 18]


def test_a_feed_that_is_not_well_formed_is_read_leniently() -> None:
    xml = "<rss><channel><item><title>A &nbsp; B</title><link>https://www.koreatimes.co.kr/world/20261120/x</link>" \
          "</item><item><title>Broken <b>bold</title><link>https://www.koreatimes.co.kr/world/20261119/y</link></item>"
    feed = parse_feed(xml, "https://feed.koreatimes.co.kr/k/world.xml")
    assert [i.url.rsplit("/", 1)[1] for i in feed.items] == ["x", "y"]


def test_base_url_maps_site_and_feed_hosts() -> None:
    from ktui.core.urls import Site

    mirror = Site("http://127.0.0.1:8000")
    xml = "<rss><channel><item><title>T</title><link>https://www.koreatimes.co.kr/world/20261120/x</link>" \
          "</item></channel></rss>"
    feed = parse_feed(xml, mirror.feed_url("allnews"), mirror)
    assert mirror.feed_url("allnews") == "http://127.0.0.1:8000/feed/k/allnews.xml"
    assert feed.items[0].url == "http://127.0.0.1:8000/world/20261120/x"
    assert mirror.normalize("https://feed.koreatimes.co.kr/k/world.xml") == "http://127.0.0.1:8000/feed/k/world.xml"


def test_search_form_is_found_by_structure() -> None:
    html = page("", "<header><form action='/find' method='get'><input type='hidden' name='t' value='all'>"
                    "<input type='search' name='q'></form></header>")
    form = find_search_form(html, "https://www.koreatimes.co.kr/", LIVE)
    assert form is not None
    assert form.url("heat wave") == "https://www.koreatimes.co.kr/find?t=all&q=heat%20wave"
    assert find_search_form(page("", "<form method='post' action='/login'><input name='id'></form>"),
                            "https://www.koreatimes.co.kr/", LIVE) is None


def _fixture_trees() -> list[LexborHTMLParser]:
    return [LexborHTMLParser(path.read_text(encoding="utf-8", errors="replace"))
            for path in sorted(FIXTURES.glob("*.html"))]


def test_first_of_each_finds_what_css_first_finds() -> None:
    selectors = ("h2", "h3", "strong", "[class*=title]", "[class*=Title]", "h1[class*=title]", "img", "p")
    compiled = simple_selectors(selectors)
    checked = 0
    for tree in _fixture_trees():
        for node in [*tree.css("a[href]"), *tree.css("li, article")][:200]:
            found = first_of_each(node, compiled)
            for selector, mine in zip(selectors, found, strict=True):
                theirs = node.css_first(selector)
                assert (mine.mem_id if mine else None) == (theirs.mem_id if theirs else None), selector
                checked += 1
    assert checked > 1000
    with pytest.raises(ValueError):
        simple_selectors(["p.editor-p"])


@settings(max_examples=200, deadline=None, database=None, derandomize=True)
@given(st.one_of(*(st.from_regex(pattern, fullmatch=True, alphabet=st.characters(max_codepoint=0x7E))
                   for pattern in (profile.BOX_TOP, profile.BOX_TRENDING, profile.BOX_OTHER))))
def test_the_box_words_are_in_step_with_the_box_headings(heading: str) -> None:
    """The quick test that skips most texts of a page never skips a heading the profile knows."""
    assert could_be_heading(heading)


def test_markers_are_found_in_any_case_and_bytes_parse_like_text() -> None:
    waf = page("<script src='https://abc.token.AWSWAF.COM/abc/challenge.js'></script>", "<p>Wait</p>")
    with pytest.raises(BlockedPage):
        parse_article(waf, URL)
    with pytest.raises(BlockedPage):
        parse_front(waf.encode("utf-8"), LIVE.url("/"))
    html = page("<title>T</title>", f"<div data-article-content='true'><p>Seoul — {BODY}</p></div>")
    assert parse_article(html.encode("utf-8"), URL) == parse_article(html, URL)
