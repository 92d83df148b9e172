"""The command line against the loopback server (and the demo edition): output, JSON shapes, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ktui.cli.main import main, split_reader_url
from ktui.siteserver import faults
from ktui.siteserver.pages import Page
from ktui.siteserver.server import SiteServer

LIST_KEYS = {"rank", "title", "url", "section", "published", "summary"}
ARTICLE_KEYS = {"url", "title", "subtitle", "section", "published", "updated", "byline", "email", "paragraphs",
                "images", "related", "extracted_by"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_top_json_is_the_documented_list_shape(server: SiteServer, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--base-url", server.url, "top", "--json")
    assert code == 0, err
    items = json.loads(out)
    assert len(items) == 10
    assert [item["rank"] for item in items] == list(range(1, 11))
    for item in items:
        assert set(item) == LIST_KEYS
        assert item["url"].startswith(server.url + "/")
        assert item["published"] is None or item["published"].endswith("+09:00")


def test_global_options_work_after_the_subcommand(server: SiteServer, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "trending", "--base-url", server.url)
    assert code == 0
    assert out.splitlines()[0].startswith(" 1. ")


def test_base_url_from_the_environment(
    server: SiteServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KTUI_BASE_URL", server.url)
    code, out, _ = run(capsys, "latest", "--json")
    assert code == 0
    items = json.loads(out)
    assert items and all(i["url"].startswith(server.url) for i in items)
    assert "utm_" not in out


def test_latest_of_a_section_by_name_or_path(server: SiteServer, capsys: pytest.CaptureFixture[str]) -> None:
    _, by_path, _ = run(capsys, "--base-url", server.url, "latest", "entertainment/k-pop", "--json")
    _, by_name, _ = run(capsys, "--base-url", server.url, "latest", "K-pop", "--json")
    assert json.loads(by_path) == json.loads(by_name)
    assert all("/entertainment/k-pop/" in i["url"] for i in json.loads(by_path))


def test_section_pages(server: SiteServer, capsys: pytest.CaptureFixture[str]) -> None:
    _, first, _ = run(capsys, "--base-url", server.url, "section", "southkorea", "--json")
    code, second, err = run(capsys, "--base-url", server.url, "section", "South Korea", "--page", "2", "--json")
    assert code == 0, err
    one, two = json.loads(first), json.loads(second)
    assert one and two
    assert not {i["url"] for i in one} & {i["url"] for i in two}


def test_unknown_section_is_a_usage_error(server: SiteServer, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--base-url", server.url, "section", "astrology")
    assert code == 2
    assert out == ""
    assert err.startswith("ktui: unknown section 'astrology'") and err.count("\n") == 1


def test_sections_json_lists_every_section(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "sections", "--json")
    assert code == 0
    paths = {s["path"] for s in json.loads(out)}
    assert {"southkorea", "foreignaffairs", "world", "economy", "business", "lifestyle", "entertainment", "sports",
            "opinion", "video", "photos"} <= paths


def test_read_several_targets_as_json_lines(server: SiteServer, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "--base-url", server.url, "top", "--json")
    urls = [item["url"] for item in json.loads(out)[:3]]
    code, out, err = run(capsys, "--base-url", server.url, "read", *urls, "--format", "json")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 3
    articles = [json.loads(line) for line in lines]
    assert [a["url"] for a in articles] == urls
    for article in articles:
        assert set(article) >= ARTICLE_KEYS
        assert article["paragraphs"] and article["extracted_by"] == "current"
        assert all(set(image) == {"url", "caption"} for image in article["images"])


def test_read_text_and_markdown(server: SiteServer, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "--base-url", server.url, "top", "--json")
    item = json.loads(out)[0]
    _, text, _ = run(capsys, "--base-url", server.url, "read", item["url"])
    _, markdown, _ = run(capsys, "--base-url", server.url, "read", item["url"], "--format", "markdown")
    assert item["title"] in text
    assert markdown.startswith("# ")
    assert "Posted 2026-" in text


def test_read_a_local_file(tmp_path: Path, edition: dict[str, object], capsys: pytest.CaptureFixture[str]) -> None:
    path, page = next((p, pg) for p, pg in edition.items() if p.count("/") >= 3 and "20" in p and "?" not in p)
    saved = tmp_path / "saved.html"
    saved.write_bytes(page.body)  # type: ignore[attr-defined]
    code, out, err = run(capsys, "read", str(saved), "--format", "json")
    assert code == 0, err
    article = json.loads(out)
    assert article["paragraphs"]
    assert article["url"].endswith(path)  # from the page's canonical link


def test_missing_file_and_bad_links_are_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    for target in ("no-such-file.html", "javascript:alert(1)", "file:///etc/passwd"):
        code, out, err = run(capsys, "read", target)
        assert code == 2, target
        assert err.startswith("ktui: ") and err.count("\n") == 1


def test_unreachable_and_not_cached_exits_3(capsys: pytest.CaptureFixture[str]) -> None:
    closed = SiteServer()
    closed.start()
    url = closed.url
    closed.stop()
    code, out, err = run(capsys, "--base-url", url, "top")
    assert code == 3
    assert out == "" and err.startswith("ktui: ") and err.count("\n") == 1


def test_nothing_extractable_exits_4(server: SiteServer, capsys: pytest.CaptureFixture[str]) -> None:
    path = "/southkorea/politics/20261120/empty-story"
    page = "<html><head><title>x</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
    server.set_page(path, Page.html(page))
    code, _, err = run(capsys, "--base-url", server.url, "read", server.url + path)
    assert code == 4
    assert err.startswith("ktui: ")


def test_blocked_article_exits_5_with_the_feed_summary(server: SiteServer, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "--base-url", server.url, "latest", "--json")
    item = json.loads(out)[0]
    server.set_fault(item["url"].split(server.url, 1)[1], faults.waf())
    code, out, err = run(capsys, "--base-url", server.url, "read", item["url"])
    assert code == 5
    assert "bot challenge" in err
    assert item["title"] in err


def test_offline_reads_the_cache(server: SiteServer, capsys: pytest.CaptureFixture[str]) -> None:
    _, online, _ = run(capsys, "--base-url", server.url, "top", "--json")
    before = server.total
    code, offline, err = run(capsys, "--base-url", server.url, "--offline", "top", "--json")
    assert code == 0
    assert [i["url"] for i in json.loads(offline)] == [i["url"] for i in json.loads(online)]
    assert "offline" in err
    assert server.total == before


def test_offline_and_not_cached_exits_3(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--offline", "top")
    assert code == 3
    assert "offline" in err


def test_cache_stats_and_clear(server: SiteServer, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--base-url", server.url, "top")
    _, out, _ = run(capsys, "cache", "stats", "--json")
    assert json.loads(out)["entries"] >= 1
    code, out, _ = run(capsys, "cache", "clear")
    assert code == 0 and "removed" in out
    _, out, _ = run(capsys, "cache", "stats", "--json")
    assert json.loads(out)["entries"] == 0


def test_search_the_site(server: SiteServer, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--base-url", server.url, "search", "hairtail", "--json")
    assert code == 0, err
    results = json.loads(out)
    assert len(results) == 1 and set(results[0]) == LIST_KEYS


def test_doctor_reports_what_matched(server: SiteServer, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--base-url", server.url, "doctor")
    assert code == 0, out + err
    assert 'heading "Top 10 Stories"' in out
    assert 'heading "Trending"' in out
    assert "body by current" in out
    assert "FAIL" not in out


def test_demo_edition_needs_no_network(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--demo", "top", "--json")
    assert code == 0, err
    assert len(json.loads(out)) == 10


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["section"], ["read"], ["top", "--bogus"], ["section", "economy", "--page", "x"]):
        code, _, err = run(capsys, *argv)
        assert code == 2, argv
        assert err.startswith("ktui: ") and err.count("\n") == 1


def test_reader_url_is_told_apart_from_commands() -> None:
    assert split_reader_url(["--base-url", "http://x", "top"]) == (["--base-url", "http://x", "top"], None)
    assert split_reader_url(["--offline", "https://www.koreatimes.co.kr/a/20260101/b"]) == (
        ["--offline"], "https://www.koreatimes.co.kr/a/20260101/b")


def test_local_search_finds_what_was_read(server: SiteServer, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "--base-url", server.url, "top", "--json")
    first = json.loads(out)[0]
    run(capsys, "--base-url", server.url, "read", first["url"])
    word = max(first["title"].split(), key=len)
    code, out, err = run(capsys, "--offline", "--base-url", server.url, "search", "--local", word, "--json")
    assert code == 0, err
    assert first["url"] in [item["url"] for item in json.loads(out)]


def test_digest_writes_the_top_10_as_markdown(server: SiteServer, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "digest.md"
    code, _, err = run(capsys, "--base-url", server.url, "digest", "-o", str(target))
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# The Korea Times: Top 10 Stories")
    assert text.count("\n## ") == 10  # one per article
    assert "\n# " not in text.split("\n", 1)[1]
