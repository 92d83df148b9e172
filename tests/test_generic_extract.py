"""Tests of the generic reader-mode extractor on small pages written for these tests."""

from __future__ import annotations

import random
import subprocess
import sys
from dataclasses import FrozenInstanceError

import pytest

from ktui.core.parse.generic import GenericExtract, extract_generic

URL = "https://news.example.org/2024/03/05/harbor-ferry-returns"

STORY = [
    "The old harbor ferry returned to service on Tuesday morning after a two-year restoration, carrying "
    "its first forty passengers across the bay under a clear sky and a light northern wind.",
    "Engineers replaced the diesel engine with a quieter electric drive, rebuilt the wooden benches by "
    "hand and repainted the hull in the pale green that islanders remember from their childhood.",
    "Captain Ilse Marwood, who has steered the route for nineteen years, said the crossing now takes "
    "twelve minutes instead of fifteen and that the cabin is warm enough for the winter months.",
    "The town council paid for most of the work with a harbor levy approved by voters in a narrow "
    "referendum, while a volunteer group raised the rest through concerts and a long summer market.",
    "Fares stay at the old price for the first year, and children under ten travel free on weekends, "
    "the operator said in a statement published on the pier noticeboard.",
    "Residents of the island, many of whom had relied on a slower cargo boat, lined the jetty to "
    "applaud as the ferry sounded its horn and pulled away for the return trip.",
]

NEWS_PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Harbor ferry returns after two-year restoration | Bayside Courier</title>
  <meta property="og:title" content="Harbor ferry returns after two-year restoration">
  <meta name="description" content="The restored ferry carried its first passengers across the bay.">
  <meta property="og:site_name" content="Bayside Courier">
  <meta property="article:published_time" content="2024-03-05T09:30:00+09:00">
  <meta name="author" content="Mina Park">
  <script>window.analytics = {{"track": true, "text": "this script text is never part of a story"}};</script>
  <style>.share {{ color: red; }}</style>
</head>
<body>
  <header class="site-header">
    <nav>
      <ul>
        <li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
        <li><a href="/weather">Weather</a></li><li><a href="/login">Log in to your account</a></li>
      </ul>
    </nav>
  </header>
  <main>
    <article>
      <h1>Harbor ferry returns after two-year restoration</h1>
      <p class="byline">By <a href="/authors/mina-park" rel="author">Mina Park</a></p>
      <div class="share">
        <a href="https://social.example.com/share">Share on Facebook</a>
        <a href="https://chirp.example.com/share">Share on Chirp</a>
      </div>
      <p>{STORY[0]}</p>
      <figure>
        <img src="/images/ferry-at-pier.jpg" width="800" height="500" alt="The ferry at the pier">
        <figcaption>The restored ferry leaves the pier on its first crossing.</figcaption>
      </figure>
      <p>{STORY[1]}</p>
      <p>{STORY[2]}</p>
      <p>Related: <a href="/2024/02/01/island-market-record">Island summer market breaks attendance record</a></p>
      <p>{STORY[3]}</p>
      <p>{STORY[4]}</p>
      <p>{STORY[5]}</p>
      <div class="newsletter">
        <h3>Morning Tide newsletter</h3>
        <p>Sign up for our newsletter and get the day's local headlines delivered to your inbox.</p>
        <form><input type="email" name="email"><button>Subscribe</button></form>
      </div>
    </article>
    <section id="comments" class="comments">
      <h2>3 comments</h2>
      <div class="comment"><p>Great news, I grew up taking that boat to school every single day!</p></div>
      <div class="comment"><p>Finally. The cargo boat was miserable in the rain, honestly the worst.</p></div>
      <div class="comment"><p>Does anyone know whether bicycles are allowed on the new ferry deck?</p></div>
    </section>
  </main>
  <aside class="most-read">
    <h2>Most read</h2>
    <ul>
      <li><a href="/a">Lighthouse keeper retires after forty years on the rock</a></li>
      <li><a href="/b">New bus timetable confuses commuters on the coast road</a></li>
    </ul>
  </aside>
  <footer><p>Copyright 2024 Bayside Courier. All rights reserved.</p>
    <a href="/privacy">Privacy policy</a> <a href="/terms">Terms of use</a></footer>
</body>
</html>
"""

LOGIN_PAGE = """<!DOCTYPE html>
<html><head><title>Sign in | Bayside Courier</title></head>
<body>
  <nav><a href="/">Home</a> <a href="/help">Help</a></nav>
  <main>
    <h1>Sign in</h1>
    <form action="/login" method="post">
      <label>Email <input type="email" name="email"></label>
      <label>Password <input type="password" name="password"></label>
      <button type="submit">Sign in</button>
    </form>
    <p><a href="/forgot">Forgot your password?</a></p>
    <p>New here? <a href="/register">Create an account</a></p>
  </main>
  <footer><p>Copyright 2024 Bayside Courier.</p></footer>
</body></html>
"""

HEADLINES = [
    "Council approves new cycle lanes along the seafront promenade",
    "Local bakery wins regional prize for its rye and caraway loaf",
    "School choir prepares for spring concert in the old town hall",
    "Fishing fleet reports a strong start to the mackerel season",
    "Library extends opening hours during the exam period next month",
    "Volunteers plant two hundred oak saplings on the northern hill",
    "Harbor master warns sailors about storms expected this weekend",
    "Museum opens a small exhibition of nineteenth-century sea charts",
    "Island clinic hires two nurses after a long recruitment drive",
    "Market square fountain repaired in time for the summer festival",
]

SECTION_PAGE = (
    "<!DOCTYPE html><html><head><title>Local news | Bayside Courier</title></head><body>"
    "<nav><a href='/'>Home</a> <a href='/local'>Local</a></nav><main><h1>Local news</h1><ul>"
    + "".join(f"<li><a href='/local/{i}'>{h}</a></li>" for i, h in enumerate(HEADLINES))
    + "</ul></main><footer><a href='/about'>About us</a></footer></body></html>"
)

JAPANESE_PAGE = """<!DOCTYPE html>
<html lang="ja"><head><meta charset="utf-8"><title>港の渡し船が再開</title></head>
<body><article><h1>港の渡し船が再開</h1>
<p>二年間の修理を終えた古い渡し船が、火曜日の朝に運航を再開しました。最初の便には四十人の乗客が乗り、晴れた空の下で湾を渡りました。</p>
<p>技術者たちはディーゼルエンジンを静かな電気駆動に取り替え、木の座席を手作業で作り直しました。船体は島の人々が子どもの頃から覚えている淡い緑色に塗り直されました。</p>
<p>十九年間この航路を担当してきた船長は、横断にかかる時間が十五分から十二分に短くなり、冬でも船室が暖かいと話しました。</p>
</article></body></html>
"""


@pytest.fixture(scope="module")
def story() -> GenericExtract:
    found = extract_generic(NEWS_PAGE, url=URL)
    assert found is not None
    return found


def test_news_page_keeps_every_story_paragraph(story: GenericExtract) -> None:
    for paragraph in STORY:
        assert paragraph in story.paragraphs


def test_news_page_body_is_only_the_story(story: GenericExtract) -> None:
    body = "\n".join(story.paragraphs)
    for boilerplate in (
        "Log in to your account",  # navigation
        "Share on Facebook",  # share bar
        "Island summer market",  # related link
        "newsletter",  # newsletter box
        "delivered to your inbox",
        "grew up taking that boat",  # reader comments
        "bicycles are allowed",
        "Lighthouse keeper retires",  # most-read box
        "All rights reserved",  # footer
        "Privacy policy",
        "never part of a story",  # script text
        "The restored ferry leaves the pier",  # the caption belongs to the image
    ):
        assert boilerplate not in body, boilerplate


def test_news_page_does_not_repeat_the_headline_in_the_body(story: GenericExtract) -> None:
    assert story.title == "Harbor ferry returns after two-year restoration"
    assert story.title not in story.paragraphs
    assert story.paragraphs[0] == STORY[0]


def test_news_page_metadata(story: GenericExtract) -> None:
    assert story.byline == "Mina Park"
    assert story.published is not None
    assert story.published.startswith("2024-03-05T09:30:00")
    assert story.description == "The restored ferry carried its first passengers across the bay."
    assert story.sitename == "Bayside Courier"


def test_news_page_image_is_absolute_with_its_caption(story: GenericExtract) -> None:
    assert story.images == (
        (
            "https://news.example.org/images/ferry-at-pier.jpg",
            "The restored ferry leaves the pier on its first crossing.",
        ),
    )


def test_paragraphs_are_plain_normalised_text(story: GenericExtract) -> None:
    for paragraph in story.paragraphs:
        assert paragraph
        assert paragraph == " ".join(paragraph.split())
        assert "<" not in paragraph and ">" not in paragraph
        assert not paragraph.startswith(("- ", "* ", "#", "> "))


def test_result_is_immutable(story: GenericExtract) -> None:
    with pytest.raises(FrozenInstanceError):
        story.title = "changed"  # type: ignore[misc]


def test_byline_loses_a_leading_by() -> None:
    page = NEWS_PAGE.replace('content="Mina Park"', 'content="By Mina Park"')
    found = extract_generic(page, url=URL)
    assert found is not None
    assert found.byline == "Mina Park"


def test_relative_images_are_left_out_without_a_page_url() -> None:
    found = extract_generic(NEWS_PAGE)
    assert found is not None
    assert found.images == ()
    assert STORY[0] in found.paragraphs


def test_login_page_has_no_article() -> None:
    assert extract_generic(LOGIN_PAGE, url="https://news.example.org/login") is None


def test_list_of_links_has_no_article() -> None:
    assert extract_generic(SECTION_PAGE, url="https://news.example.org/local") is None


def test_japanese_story_counts_as_an_article() -> None:
    found = extract_generic(JAPANESE_PAGE, url="https://news.example.jp/ferry")
    assert found is not None
    assert found.title == "港の渡し船が再開"
    assert len(found.paragraphs) == 3


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "   \n\t  ",
        "plain text without any markup at all, " * 20,
        "<" * 5000,
        "<<<>>><<>><><>" * 300,
        "\x00\x01\x02\x03<p>\x04\x05</p>" * 500,
        bytes(range(256)).decode("latin-1") * 200,
        random.Random(1).randbytes(30_000).decode("latin-1"),
        random.Random(2).randbytes(30_000).decode("utf-8", errors="replace"),
        "<div>" * 50_000 + "deeply nested" + "</div>" * 50_000,
        "<html><body><p>\ud800 lone surrogate</p></body></html>",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>Too short.</p></body></html>",
    ],
    ids=[
        "empty", "blank", "plain-text", "angles", "angle-pairs", "controls", "all-bytes",
        "random-latin1", "random-utf8", "deep-nesting", "lone-surrogate", "xml-declaration",
    ],
)
def test_garbage_gives_none(garbage: str) -> None:
    assert extract_generic(garbage) is None


def test_wrong_input_types_give_none() -> None:
    assert extract_generic(None) is None  # type: ignore[arg-type]
    assert extract_generic(NEWS_PAGE.encode()) is None  # type: ignore[arg-type]


def test_huge_page_with_huge_scripts_still_finds_the_story() -> None:
    blob = "<script>var data = '" + "x" * 3_000_000 + "';</script>"
    page = NEWS_PAGE.replace("<body>", "<body>" + blob * 2)
    found = extract_generic(page, url=URL)
    assert found is not None
    assert STORY[5] in found.paragraphs


def test_huge_page_of_text_does_not_raise() -> None:
    paragraph = "<p>" + " ".join(STORY) + "</p>"
    page = "<html><body><article>" + paragraph * 3000 + "</article></body></html>"
    found = extract_generic(page, url=URL)
    assert found is None or all(found.paragraphs)


def test_importing_the_module_does_not_import_trafilatura() -> None:
    code = "import sys, ktui.core.parse.generic; print('trafilatura' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
