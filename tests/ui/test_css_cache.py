"""The parsed-CSS cache: a second launch parses no CSS and looks exactly like the first.

Whatever is wrong with the cache's file (garbage, another Textual's, another theme's) costs
only the parse it would have saved: the reader starts and looks the same.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.css import stylesheet as stylesheet_module
from textual.css.stylesheet import Stylesheet

from ktui.app import KtuiApp
from ktui.css_cache import FILENAME, CssCache
from tests.ui.conftest import settle

MakeApp = Callable[..., KtuiApp]

CSS = "ListPanel { height: 1fr; border: round $accent; } ListPanel > PanelBar { color: $text-muted; }"


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the source of every CSS text Textual parses from now on."""
    parsed: list[str] = []
    real = stylesheet_module.parse

    def counting(scope: str, css: str, read_from: Any, *args: Any, **kwargs: Any) -> Any:
        parsed.append(read_from[1] or read_from[0])
        return real(scope, css, read_from, *args, **kwargs)

    monkeypatch.setattr(stylesheet_module, "parse", counting)
    return parsed


async def home_and_article(app: KtuiApp) -> tuple[str, str]:
    """Run the app: the home screen and the first story's article, as SVG screenshots."""
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        home = app.export_screenshot()
        await pilot.press("enter")
        await settle(pilot)
        article = app.export_screenshot()
    return home, article


async def test_a_second_launch_parses_no_css_and_looks_the_same(
        make_app: MakeApp, monkeypatch: pytest.MonkeyPatch) -> None:
    # The first launch fills the page cache and marks the story read; the next two start from
    # the same state, one parsing the CSS, the other taking it from the file the first left.
    first = make_app()
    await home_and_article(first)
    path = first.settings.cache_dir / FILENAME
    assert path.is_file()
    path.unlink()

    parsed = count_parses(monkeypatch)
    expected = await home_and_article(make_app())
    assert parsed, "without the file the CSS is parsed"
    parsed.clear()
    cached = make_app()
    assert await home_and_article(cached) == expected
    assert cached.css_cache.loaded > 0
    assert parsed == []


async def test_a_damaged_cache_file_costs_only_the_parse(make_app: MakeApp, monkeypatch: pytest.MonkeyPatch) -> None:
    first = make_app()
    await home_and_article(first)
    expected = await home_and_article(make_app())
    path = first.settings.cache_dir / FILENAME
    path.write_bytes(b"\x80\x05not a pickle at all")

    parsed = count_parses(monkeypatch)
    damaged = make_app()
    assert await home_and_article(damaged) == expected
    assert damaged.css_cache.loaded == 0 and parsed
    # The damaged file was replaced by a good one.
    parsed.clear()
    after = make_app()
    assert await home_and_article(after) == expected
    assert after.css_cache.loaded > 0 and parsed == []


def parsed_rules(stylesheet: Stylesheet) -> list[str]:
    """The stylesheet's rules as CSS text, which says what each one selects and sets."""
    return [rule.css for rule in stylesheet.rules]


def new_stylesheet(variables: dict[str, str] | None = None) -> Stylesheet:
    """A stylesheet with the test's CSS added, not parsed yet."""
    stylesheet = Stylesheet(variables=variables or {"accent": "#ff8800", "text-muted": "#888888"})
    stylesheet.add_source(CSS, read_from=("test", "CSS"), is_default_css=True)
    return stylesheet


def test_parsed_rules_come_back_equal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = new_stylesheet()
    cache = CssCache(tmp_path)
    assert cache.load(first) == 0
    expected = parsed_rules(first)
    assert cache.save(first)
    assert not cache.save(first), "nothing new was parsed: nothing to write"

    parsed = count_parses(monkeypatch)
    second = new_stylesheet()
    assert CssCache(tmp_path).load(second) == 1
    assert parsed_rules(second) == expected and "#FF8800" in expected[0].upper()
    assert parsed == []


def test_a_file_from_another_textual_or_theme_is_not_used(tmp_path: Path) -> None:
    first = new_stylesheet()
    cache = CssCache(tmp_path)
    cache.load(first)
    first.parse()
    cache.save(first)

    assert CssCache(tmp_path).load(new_stylesheet({"accent": "#0000ff", "text-muted": "#888888"})) == 0

    path = tmp_path / FILENAME
    data = pickle.loads(path.read_bytes())
    path.write_bytes(pickle.dumps({**data, "stamp": "another Textual"}))
    assert CssCache(tmp_path).load(new_stylesheet()) == 0


def test_rules_parsed_under_another_theme_are_not_saved(tmp_path: Path) -> None:
    # A theme other than the default is set after the app's stylesheet is made: what is parsed
    # then is for that theme, and the file keeps what a launch starts with.
    stylesheet = new_stylesheet()
    cache = CssCache(tmp_path)
    cache.load(stylesheet)
    stylesheet.set_variables({"accent": "#0000ff", "text-muted": "#888888"})
    stylesheet.parse()
    assert not cache.save(stylesheet)
    assert not (tmp_path / FILENAME).exists()
