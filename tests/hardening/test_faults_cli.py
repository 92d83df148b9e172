"""The fault matrix for the command line: every fault ends in one line on stderr and a documented
exit code, within the configured deadline, and never loses or replaces what the cache holds.

`ktui` runs in this process (`main(argv)`) against the loopback server; the config file gives it
tight timeouts and zero freshness, so a cached page is always revalidated and meets the fault.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ktui.core.errors import EXIT_BLOCKED, EXIT_OK, EXIT_UNREACHABLE, EXIT_USAGE
from ktui.core.parse.article import parse_article
from ktui.core.urls import Site
from ktui.siteserver import faults
from ktui.siteserver.edition import build_edition
from ktui.siteserver.pages import Page
from ktui.siteserver.server import SiteServer
from tests.conftest import NOW
from tests.hardening.conftest import (
    ARTICLE,
    ARTICLE_TITLE,
    CASES,
    FEED,
    HARD,
    OTHER,
    SANDBOXED,
    UNRESOLVABLE,
    Case,
    assert_one_line,
    give_up_bound,
    run_cli,
    same_entry,
    seed,
    snapshot,
    write_config,
)

# The sandbox case meets pytest-socket on purpose; its warning says so.
pytestmark = pytest.mark.filterwarnings("ignore:A test tried to use socket.socket.connect:UserWarning")

KOREAN_TITLE = "코스피 사상 최고치 마감"
KOREAN_PARAGRAPH = "코스피가 반도체주 강세에 힘입어 사상 최고치로 마감했다. 외국인 투자자들은 1조2천억 원어치를 순매수했다."


RETRIED = frozenset({"500", "429", "503-retry-after"})
"""Cases run with one retry (the config file cannot shorten the backoff, so the others run without)."""


@pytest.fixture(autouse=True)
def _config(request: pytest.FixtureRequest, tmp_path: Path) -> None:
    case = request.node.callspec.params.get("case") if hasattr(request.node, "callspec") else None
    write_config(tmp_path / "config.toml", HARD, retries=1 if isinstance(case, Case) and case.id in RETRIED else 0)


def _base(case: Case, server: SiteServer) -> str:
    if case.id == "unresolvable":
        return UNRESOLVABLE
    if case.id == "sandbox-refuses-socket":
        return SANDBOXED
    return server.url


def _arm(case: Case, server: SiteServer, path: str) -> None:
    if case.make is not None:
        server.set_fault(path, case.make(server, path))
    elif case.id == "refused":
        server.stop()  # the port stays known and closed: connections are refused


def _seed_article(cache_dir: Path, base: str) -> str:
    """Cache the demo article under another origin, as if read there an hour ago."""
    page = build_edition(NOW)[ARTICLE]
    url = base + ARTICLE
    model = parse_article(page.body, url, Site(base))
    seed(cache_dir, url, "article", page.body, model, time.time() - 3600)
    return url


@pytest.mark.parametrize("case", CASES, ids=str)
def test_fault_without_a_cached_copy_is_one_line_and_an_exit_code(
    case: Case, server: SiteServer, other_host: SiteServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = _base(case, server)
    _arm(case, server, OTHER)
    run = run_cli(capsys, "--base-url", base, "read", base + OTHER)
    line = assert_one_line(run.err)
    assert run.code == case.code, line
    assert case.words in line.lower()
    assert run.out == ""
    assert run.elapsed <= give_up_bound(HARD, case.fetches)
    assert snapshot(tmp_path / "cache", base + OTHER) is None, "a failed fetch left a cache entry"
    if case.id == "redirect-other-host":
        assert other_host.total == 0, "ktui followed a redirect off the site"
    if case.id == "redirect-loop":
        assert server.count(OTHER) <= HARD.max_redirects + 1
    if case.id in ("500", "429"):
        assert server.count(OTHER) == 2, "one retry, as configured"


@pytest.mark.parametrize("case", CASES, ids=str)
def test_fault_with_a_cached_copy_prints_it_and_keeps_it(
    case: Case, server: SiteServer, other_host: SiteServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = _base(case, server)
    cache_dir = tmp_path / "cache"
    if base == server.url:
        url = base + ARTICLE
        first = run_cli(capsys, "--base-url", base, "read", url)
        assert first.code == EXIT_OK, first.err
    else:
        url = _seed_article(cache_dir, base)
    before = snapshot(cache_dir, url)
    _arm(case, server, ARTICLE)
    run = run_cli(capsys, "--base-url", base, "read", url)
    line = assert_one_line(run.err)
    assert run.code == EXIT_OK, line
    assert "showing the copy from" in line
    assert case.words in line.lower()
    assert ARTICLE_TITLE in run.out
    assert run.elapsed <= give_up_bound(HARD, case.fetches)
    same_entry(before, snapshot(cache_dir, url))


@pytest.mark.parametrize("case", [c for c in CASES if c.make is not None and c.id in
                                  ("500", "service-error-200", "slow-drip")], ids=str)
def test_list_commands_fail_in_one_line_and_fall_back_to_the_cache(
    case: Case, server: SiteServer, other_host: SiteServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Not cached: the front page and its feed fallback both fail.
    server.set_fault("*", case.make(server, "/"))  # type: ignore[misc]
    run = run_cli(capsys, "--base-url", server.url, "top")
    assert_one_line(run.err)
    assert run.code == (EXIT_BLOCKED if "waf" in case.id else EXIT_UNREACHABLE)
    # front and feed run together; the front page's fallback to the feed joins the same fetch
    assert run.elapsed <= give_up_bound(HARD, 2)
    # Cached: the list is printed from the cache, with one line saying why.
    server.clear_faults()
    assert run_cli(capsys, "--base-url", server.url, "top").code == EXIT_OK
    front = server.url + "/"
    before = snapshot(tmp_path / "cache", front)
    server.set_fault("*", case.make(server, "/"))  # type: ignore[misc]
    run = run_cli(capsys, "--base-url", server.url, "top")
    assert run.code == EXIT_OK
    assert_one_line(run.err)
    assert len(run.out.strip().splitlines()) == 20  # ten stories, each with its link
    assert run.elapsed <= give_up_bound(HARD, 2)
    same_entry(before, snapshot(tmp_path / "cache", front))


# --- legacy encodings: these must succeed, and decode correctly ----------------------------------


def _korean_page(encoding: str, declare: str, content_type_charset: str | None = None) -> Page:
    html = build_edition(NOW)[ARTICLE].body.decode("utf-8")
    html = html.replace(ARTICLE_TITLE, KOREAN_TITLE)
    first = html.index('<p class="editor-p">') + len('<p class="editor-p">')
    html = html[:first] + KOREAN_PARAGRAPH + " " + html[first:]
    html = html.replace('<meta charset="utf-8">', f'<meta charset="{encoding}">' if declare == "meta" else "")
    content_type = "text/html"
    if declare == "header":
        content_type += f"; charset={content_type_charset or encoding}"
    return Page(html.encode(encoding, "xmlcharrefreplace"), content_type=content_type)


@pytest.mark.parametrize(
    ("encoding", "declare", "label"),
    [("euc-kr", "header", None), ("euc-kr", "header", "ks_c_5601-1987"), ("euc-kr", "meta", None),
     ("euc-kr", "none", None), ("utf-8", "none", None)],
    ids=["euc-kr-header", "euc-kr-header-alias", "euc-kr-meta", "euc-kr-undeclared", "utf-8-undeclared"],
)
def test_legacy_and_undeclared_encodings_decode_correctly(
    encoding: str, declare: str, label: str | None, server: SiteServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.set_page(OTHER, _korean_page(encoding, declare, label))
    run = run_cli(capsys, "--base-url", server.url, "read", server.url + OTHER)
    assert run.code == EXIT_OK, run.err
    assert run.err == ""
    assert KOREAN_TITLE in run.out
    assert KOREAN_PARAGRAPH in " ".join(run.out.split())
    assert "\ufffd" not in run.out


# --- links that are not http(s) ------------------------------------------------------------------


@pytest.mark.parametrize("target", [
    "javascript:alert(1)", "javascript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd", "ftp://example.com/x", "mailto:someone@example.com",
])
def test_reading_a_non_web_link_is_a_usage_error(
    target: str, server: SiteServer, capsys: pytest.CaptureFixture[str]
) -> None:
    run = run_cli(capsys, "--base-url", server.url, "read", target)
    assert run.code == EXIT_USAGE
    assert_one_line(run.err)
    assert server.total == 0


def test_waf_is_remembered_so_the_next_run_sends_nothing(
    server: SiteServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.set_fault(OTHER, faults.waf())
    assert run_cli(capsys, "--base-url", server.url, "read", server.url + OTHER).code == EXIT_BLOCKED
    before = server.total
    run = run_cli(capsys, "--base-url", server.url, "read", server.url + ARTICLE)
    assert run.code == EXIT_BLOCKED
    assert_one_line(run.err)
    assert server.total == before
    # The feed is not behind the WAF and still works.
    assert run_cli(capsys, "--base-url", server.url, "latest").code == EXIT_OK
    assert server.count(FEED) == 1


@pytest.mark.parametrize("target", ["javascript:alert(1)", "mailto:someone@example.com", "javascript://x.com/%0a"])
def test_starting_the_reader_on_a_non_web_link_is_a_usage_error(
    target: str, server: SiteServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ktui.app import KtuiApp

    started: list[object] = []
    monkeypatch.setattr(KtuiApp, "run", lambda self, *a, **k: started.append(self))
    run = run_cli(capsys, "--base-url", server.url, target)
    assert run.code == EXIT_USAGE
    assert_one_line(run.err)
    assert started == [], "the reader started on a non-web link"
    assert server.total == 0


@pytest.mark.parametrize("location", ["data:text/html,x", "file:///etc/passwd", "ftp://127.0.0.1/x", "http://[::1"])
def test_a_redirect_to_a_non_web_link_is_not_followed(
    location: str, server: SiteServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.set_fault(OTHER, faults.redirect(location))
    run = run_cli(capsys, "--base-url", server.url, "read", server.url + OTHER)
    assert run.code == EXIT_UNREACHABLE
    assert "redirected off the site" in assert_one_line(run.err)
    assert server.total == 1
