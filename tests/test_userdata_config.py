"""What the user keeps (reading list, read state, places), local search and the config file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ktui.cli.main import main
from ktui.core.config import load_settings
from ktui.core.localsearch import LocalIndex, fts_query
from ktui.core.models import Article
from ktui.core.userdata import UserData


def article(url: str = "https://www.koreatimes.co.kr/world/20261120/x", body: str = "First words.",
            title: str = "Rice prices climb") -> Article:
    return Article(url=url, title=title, paragraphs=(body, "Farmers in Gimje react."),
                   extracted_by="current", section="World")


def test_reading_list_round_trip(tmp_path: Path) -> None:
    data = UserData(tmp_path)
    assert data.toggle_saved("u1", "One", "World") is True
    data.save("u2", "Two")
    assert [s.url for s in data.reading_list()] == ["u2", "u1"]
    assert data.toggle_saved("u1", "One") is False
    assert [s.url for s in UserData(tmp_path).reading_list()] == ["u2"]


def test_read_state_notices_an_update(tmp_path: Path) -> None:
    data = UserData(tmp_path)
    original = article()
    data.mark_read(original)
    state = data.read_state()
    assert original.url in state
    assert not UserData.updated_since_read(original, state)
    assert UserData.updated_since_read(article(body="Corrected first words."), state)
    data.mark_unread(original.url)
    assert original.url not in data.read_state()


def test_places_are_remembered(tmp_path: Path) -> None:
    data = UserData(tmp_path)
    data.remember_scroll("u", 42.0)
    data.remember_cursor("top", "u")
    places = UserData(tmp_path).places()
    assert places["scroll"]["u"] == 42.0 and places["cursor"]["top"] == "u"


def test_a_damaged_file_is_kept_aside_with_one_warning(tmp_path: Path) -> None:
    (tmp_path / "reading_list.json").write_text("{not json", encoding="utf-8")
    warnings: list[str] = []
    data = UserData(tmp_path, warn=warnings.append)
    assert data.reading_list() == []
    assert len(warnings) == 1
    assert list(tmp_path.glob("reading_list.json.damaged-*"))
    data.save("u", "t")
    assert [s.url for s in data.reading_list()] == ["u"]


def test_local_search_finds_words_and_prefixes(tmp_path: Path) -> None:
    index = LocalIndex(tmp_path / "search.sqlite")
    index.add(article())
    index.add(article("https://www.koreatimes.co.kr/world/20261120/y", body="Semiconductor exports rise.",
                      title="Chip exports"))
    assert [h.url.rsplit("/", 1)[1] for h in index.search("rice")] == ["x"]
    assert [h.url.rsplit("/", 1)[1] for h in index.search("semicond")] == ["y"]
    assert index.search("farmers gimje")[0].summary
    assert index.search('"; DROP TABLE articles; --') == []
    index.add(article(body="Replaced text."))  # re-indexing replaces, never duplicates
    assert len(index.search("rice")) == 1
    assert fts_query("a-b c") == '"a" "b" "c"*'


def test_local_search_forgets_the_old_text_of_a_replaced_article(tmp_path: Path) -> None:
    index = LocalIndex(tmp_path / "search.sqlite")
    index.add(article(body="Typhoon warning for Jeju."))
    index.add(article(body="The warning was lifted at noon."))
    assert index.search("typhoon") == []
    assert len(index.search("lifted")) == 1
    index.close()
    # A second process (or the next start) sees the same index, one row per article.
    again = LocalIndex(tmp_path / "search.sqlite")
    again.add(article(body="Ferries sail again."))
    assert again.search("lifted") == [] and len(again.search("ferries")) == 1
    assert again.urls() == {article().url}
    again.close()


def test_local_search_picks_up_what_another_process_cached(tmp_path: Path) -> None:
    from ktui.core.cache import Entry, PageCache

    def put(cache: PageCache, story: Article) -> None:
        cache.put(Entry(url=story.url, kind="article", body=b"<html></html>", fetched_at=0, checked_at=0,
                        parsed=story.to_dict()))

    cache = PageCache(tmp_path / "cache")
    put(cache, article())
    index = LocalIndex(tmp_path / "search.sqlite")
    assert index.sync(cache) == 1 and index.search("rice")
    assert index.sync(cache) == 0  # nothing new: nothing compared, nothing added
    # Another ktui (a second terminal, one open cache) stores a story this process never saw.
    other = PageCache(tmp_path / "cache")
    put(other, article("https://www.koreatimes.co.kr/world/20261121/z", body="Kimchi exports.", title="Kimchi"))
    other.close()
    assert index.sync(cache) == 1
    assert [h.title for h in index.search("kimchi")] == ["Kimchi"]
    index.close()
    cache.close()


def test_local_search_maps_an_index_written_before_the_url_table(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "search.sqlite"
    old = sqlite3.connect(path)
    old.execute("CREATE VIRTUAL TABLE articles USING fts5(url UNINDEXED, title, subtitle, byline, "
                "section UNINDEXED, published UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')")
    old.execute("INSERT INTO articles VALUES (?, 'Rice prices climb', '', '', 'World', '', 'Old harvest text.')",
                (article().url,))
    old.commit()
    old.close()
    index = LocalIndex(path)
    assert index.urls() == {article().url}
    index.add(article(body="New harvest figures."))  # replaces the old row rather than adding a second
    assert index.search("old harvest") == [] and len(index.search("harvest")) == 1
    index.close()


def test_config_file_values_and_bad_values(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        'theme = "ansi-dark"\n[cache]\nsize_mb = 50\n[prefetch]\ndepth = "lots"\n'
        "[timeouts]\nconnect = 2.5\nretries = 1\n[freshness]\narticle = 600\n[keys]\nquit = \"q,ctrl+q\"\n",
        encoding="utf-8")
    settings = load_settings(config_path=path, environ={})
    assert settings.theme == "ansi-dark"
    assert settings.cache_size_mb == 50
    assert settings.fetch.connect_timeout == 2.5 and settings.fetch.retries == 1
    assert settings.freshness.article == 600
    assert settings.keys == {"quit": "q,ctrl+q"}
    assert settings.prefetch_depth == 10  # the bad value kept the default ...
    assert any("prefetch.depth" in p for p in settings.problems)  # ... and said so


def test_a_broken_config_file_does_not_stop_ktui(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "config.toml"
    path.write_text("theme = [unclosed", encoding="utf-8")
    monkeypatch.setenv("KTUI_CONFIG", str(path))
    code = main(["config", "--json"])
    captured = capsys.readouterr()
    assert code == 0
    described = json.loads(captured.out)
    assert described["config_file"] == str(path)
    assert described["theme"] == "textual-dark"
    assert captured.err.startswith("ktui: warning:") and captured.err.count("\n") == 1


def test_flags_beat_environment(tmp_path: Path) -> None:
    settings = load_settings(config_path=tmp_path / "none.toml",
                             environ={"KTUI_BASE_URL": "http://env.example", "KTUI_CACHE_DIR": "/tmp/env"},
                             base_url="http://flag.example")
    assert settings.base_url == "http://flag.example"
    assert str(settings.cache_dir) == "/tmp/env"
