"""Shared pieces of the hardening suite: tight fetch settings, the fault catalogue, the in-process
command line, and helpers to look at the cache and at text for terminal controls.

Every fault case names how the command line must end (exit code and a word of the one-line
message); the command-line and reader matrices both run over the same catalogue, so a case added
here is tested in both.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from ktui.cli.main import main
from ktui.core.cache import Entry, PageCache
from ktui.core.http import FetchSettings
from ktui.siteserver import faults
from ktui.siteserver.pages import HTML, Page
from ktui.siteserver.server import SiteServer
from tests.ui.conftest import make_app  # noqa: F401  (the reader fixture, for the reader matrix)

HARD = FetchSettings(connect_timeout=0.5, read_timeout=0.5, deadline=1.0, retries=1, backoff=0.01,
                     max_retry_after=2.0)
"""Fetch settings of the hardening tests: each fetch, retries included, is over within a second."""

SLACK = 4.0
"""Seconds allowed on top of the configured deadline: start-up, parsing and a loaded 2-core machine."""

ARTICLE = "/economy/markets/20261127/kospi-closes-at-record-chipmakers-rally"
"""A demo article (its headline is known), the one that gets cached."""
ARTICLE_TITLE = "KOSPI closes at record high as chipmakers rally"
OTHER = "/southkorea/politics/20261127/assembly-passes-rural-clinic-bill"
"""A second demo article, the one that is never cached before the fault."""
FEED = "/feed/k/allnews.xml"
UNRESOLVABLE = "http://nonexistent.invalid"
"""A host that never resolves (RFC 6761); with pytest-socket nothing reaches the network anyway."""
SANDBOXED = "http://10.255.255.1"
"""An address pytest-socket refuses with its own exception type (a sandbox or firewall shim)."""


def give_up_bound(fetch: FetchSettings, fetches: int = 1) -> float:
    """The most a run may take: its fetches, each bounded by the deadline, plus slack."""
    return fetches * fetch.deadline + SLACK


# --- the fault catalogue -------------------------------------------------------------------------


def _waf_200(header: bool) -> faults.Fault:
    page = faults.waf().page
    assert page is not None
    headers = page.headers if header else ()
    return faults.Fault("page", page=Page(page.body, status=200, headers=headers, etag=False))


@dataclass(frozen=True)
class Case:
    """One fault: how to arm it, and how the command line must end when nothing is cached."""

    id: str
    make: Callable[[SiteServer, str], faults.Fault] | None
    """Builds the fault for a path (given the server and the path); None for the special cases."""
    code: int
    """The exit code when the page is not cached."""
    words: str
    """A fragment of the one-line message (lower case)."""
    fetches: int = 1
    """Upper bound of sequential deadline-bounded fetches one read makes."""

    def __str__(self) -> str:
        return self.id


def _other_host(server: SiteServer, path: str) -> faults.Fault:
    # The "other host" is a second loopback server: a real place a client could go, which must see nothing.
    other = getattr(server, "_hardening_other", None)
    assert other is not None, "the other_host fixture arms this case"
    return faults.redirect(other.url + "/stolen")


CASES: tuple[Case, ...] = (
    Case("404", lambda s, p: faults.status(404), 3, "404"),
    Case("410", lambda s, p: faults.status(410), 3, "410"),
    Case("500", lambda s, p: faults.status(500), 3, "500"),
    Case("503-retry-after", lambda s, p: faults.status(503, retry_after=1), 3, "retry after 1 s"),
    Case("503-retry-after-too-long", lambda s, p: faults.status(503, retry_after=3600), 3, "retry after 3600 s"),
    Case("503-retry-after-garbage", lambda s, p: faults.status(503, retry_after="\xb2"), 3, "503"),
    Case("429", lambda s, p: faults.status(429), 3, "429"),
    Case("waf-202", lambda s, p: faults.waf(), 5, "bot challenge"),
    Case("waf-200", lambda s, p: _waf_200(header=True), 5, "bot challenge"),
    Case("waf-200-body-only", lambda s, p: _waf_200(header=False), 5, "bot challenge"),
    Case("service-error-200", lambda s, p: faults.service_error(), 3, "error page"),
    Case("truncated", lambda s, p: faults.truncated(keep=0.4), 3, "closed the connection"),
    Case("random-bytes", lambda s, p: faults.random_bytes(4096, seed=7), 4, "no article text"),
    Case("empty", lambda s, p: faults.empty(), 4, "no article text"),
    Case("30mb", lambda s, p: faults.huge(), 3, "limit"),
    Case("30mb-chunked", lambda s, p: faults.huge(chunked=True), 3, "larger than"),
    Case("gzip-bomb", lambda s, p: faults.gzip_bomb(), 3, "larger than"),
    Case("redirect-loop", lambda s, p: faults.redirect(p), 3, "too many redirects"),
    Case("redirect-other-host", _other_host, 3, "redirected off the site"),
    Case("redirect-to-javascript", lambda s, p: faults.redirect("javascript:alert(document.cookie)"), 3,
         "redirected off the site"),
    Case("slow-drip", lambda s, p: faults.slow_drip(0.1), 3, "did not answer"),
    Case("reset", lambda s, p: faults.reset(), 3, "closed the connection"),
    Case("refused", None, 3, "refused"),
    Case("unresolvable", None, 3, "cannot resolve"),
    Case("sandbox-refuses-socket", None, 3, "connect"),  # pytest-socket refuses; without it, a timeout
)
"""Every fault of issue 7, each with the command line's expected exit code and message."""


@pytest.fixture
def other_host(server: SiteServer) -> Any:
    """A second loopback server, the target of the "redirect to another host" case."""
    other = SiteServer({"/stolen": Page.html("<h1>elsewhere</h1>")}).start()
    server._hardening_other = other  # type: ignore[attr-defined]
    try:
        yield other
    finally:
        other.stop()


# --- the command line, in process ----------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One run of `ktui`."""

    code: int
    out: str
    err: str
    elapsed: float


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    """Run `ktui` in this process and capture what it printed."""
    capsys.readouterr()
    started = time.monotonic()
    try:
        code = main(list(argv))
    except SystemExit as stop:  # argparse's usage errors
        code = stop.code if isinstance(stop.code, int) else 1
    elapsed = time.monotonic() - started
    captured = capsys.readouterr()
    return Run(code, captured.out, captured.err, elapsed)


def assert_one_line(err: str) -> str:
    """Check stderr is one line starting "ktui: " (no traceback); return it."""
    lines = err.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got: {err!r}"
    assert lines[0].startswith("ktui: "), lines[0]
    assert "Traceback" not in err
    return lines[0]


def write_config(path: Path, fetch: FetchSettings, *, retries: int | None = None, stale: bool = True) -> None:
    """Write the config file the command line reads: the fetch limits, and (with `stale`) zero freshness.

    The file cannot set the backoff (half a second at first), so most tests turn retries off.
    """
    text = (f"[timeouts]\nconnect = {fetch.connect_timeout}\nread = {fetch.read_timeout}\n"
            f"deadline = {fetch.deadline}\nretries = {fetch.retries if retries is None else retries}\n")
    if stale:
        # Every cached page counts as stale, so each run revalidates and meets the fault.
        text += "[freshness]\nfront = 0\nlist = 0\nfeed = 0\nsearch = 0\narticle = 0\n"
    path.write_text(text, encoding="utf-8")


# --- the cache -----------------------------------------------------------------------------------


def snapshot(cache_dir: Path, url: str) -> Entry | None:
    """Read one entry of a cache directory (opening and closing the cache around it)."""
    cache = PageCache(cache_dir)
    try:
        return cache.get(url)
    finally:
        cache.close()


def same_entry(before: Entry | None, after: Entry | None) -> None:
    """Check a cached entry was neither lost nor replaced (nor re-dated) by a failed fetch."""
    assert before is not None
    assert after is not None, "the cached copy was lost"
    assert after.body == before.body
    assert after.parsed == before.parsed
    assert after.fetched_at == before.fetched_at
    assert after.checked_at == before.checked_at


def seed(cache_dir: Path, url: str, kind: str, body: bytes, model: Any, fetched_at: float,
         content_type: str = HTML) -> None:
    """Put a page in the cache as if it had been fetched at `fetched_at`."""
    cache = PageCache(cache_dir)
    try:
        cache.put(Entry(url=url, kind=kind, body=body, fetched_at=fetched_at, checked_at=fetched_at,
                        content_type=content_type, parsed=model.to_dict()))
    finally:
        cache.close()


# --- terminal safety -----------------------------------------------------------------------------

TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Characters that must never reach a terminal from web text: C0 (but tab and newline), DEL, C1, bidi."""


def unsafe_chars(text: str) -> list[str]:
    """The terminal-unsafe characters in a text (empty when it is safe)."""
    return sorted({repr(ch) for ch in TERMINAL_UNSAFE.findall(text)})


def hard_settings(settings: Any, **changes: Any) -> Any:
    """The test settings with the hardening fetch limits."""
    return replace(settings, fetch=HARD, **changes)
