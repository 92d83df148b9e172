"""Robustness of what ktui keeps on disk: the cache shared by two processes at once, a cache file
damaged between runs, and the user's files under a kill in the middle of a write.

The concurrency and kill tests run real processes (`python -c`), because threads would share one
SQLite connection pool and one file table and prove nothing about two ktui sessions.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from ktui.core.cache import PageCache
from ktui.core.userdata import UserData
from ktui.siteserver.server import SiteServer
from tests.hardening.conftest import ARTICLE, ARTICLE_TITLE, OTHER, run_cli

ROOT = Path(__file__).resolve().parents[2]

HAMMER = textwrap.dedent('''
    import json, os, random, sys, time
    from pathlib import Path
    from ktui.core.cache import Entry, PageCache

    directory, name, count, start = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    rng = random.Random(name)
    cache = PageCache(directory)
    bad = 0
    time.sleep(max(0.0, start - time.time()))  # both processes start hammering together
    began = time.time()
    for i in range(count):
        url = f"https://www.koreatimes.co.kr/economy/20261127/story-{rng.randrange(30)}"
        roll = rng.random()
        if roll < 0.45:
            # Some bodies do not compress, so the blob is large enough for diskcache to keep it in a file.
            noise = os.urandom(40_000) if rng.random() < 0.2 else b""
            body = (url + "|" + name + "|" + str(i)).encode() * 20 + noise
            cache.put(Entry(url=url, kind="article", body=body, fetched_at=i, checked_at=i,
                            parsed={"url": url, "writer": name, "i": i}))
        elif roll < 0.85:
            entry = cache.get(url)
            if entry is not None and (entry.url != url or not entry.body.startswith(url.encode())
                                      or entry.parsed["url"] != url):
                bad += 1
        elif roll < 0.9:
            cache.touch(url, i + 0.5)
        elif roll < 0.95:
            cache.pin(url) if rng.random() < 0.5 else cache.unpin(url)
        else:
            cache.set_meta("blocked_until", float(i))
            cache.get_meta("blocked_until")
    ended = time.time()
    cache.close()
    print(json.dumps({"bad": bad, "warnings": cache.warnings, "span": [began, ended]}))
''')


def _python(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, cwd=ROOT)


def test_two_processes_hammering_one_cache_leave_it_consistent(tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    PageCache(directory).close()  # created up front, so both processes open an existing cache
    start = time.time() + 1.0  # after both interpreters have started
    workers = [_python(HAMMER, str(directory), name, "1500", str(start)) for name in ("alpha", "beta")]
    reports = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        reports.append(json.loads(out.strip().splitlines()[-1]))
    (a_start, a_end), (b_start, b_end) = (r.pop("span") for r in reports)
    assert max(a_start, b_start) < min(a_end, b_end), "the two processes did not overlap"
    for report in reports:
        assert report == {"bad": 0, "warnings": []}, "a process saw a torn entry or rebuilt the shared cache"
    assert not [p for p in directory.iterdir() if ".corrupt-" in p.name]
    cache = PageCache(directory)
    try:
        urls = list(cache.urls())
        assert urls
        for url in urls:
            entry = cache.get(url)
            assert entry is not None and entry.url == url
            assert entry.body.startswith(url.encode())
            assert entry.parsed is not None and entry.parsed["url"] == url
        assert cache.warnings == []
    finally:
        cache.close()


LOCKER = textwrap.dedent('''
    import sqlite3, sys, time
    db = sqlite3.connect(sys.argv[1], isolation_level=None)
    db.execute("BEGIN EXCLUSIVE")
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    db.execute("COMMIT")
''')


def test_a_cache_locked_by_another_process_is_busy_not_damaged(tmp_path: Path) -> None:
    from ktui.core.cache import Entry

    directory = tmp_path / "cache"
    messages: list[str] = []
    cache = PageCache(directory, warn=messages.append, timeout=0.2)
    url = "https://www.koreatimes.co.kr/economy/20261127/kept"
    cache.put(Entry(url=url, kind="article", body=b"kept", fetched_at=1.0, checked_at=1.0))
    locker = _python(LOCKER, str(directory / "pages" / "cache.db"), "1.5")
    try:
        assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"
        # While the other process holds the lock: misses and skipped writes, never an exception or a rebuild.
        assert cache.get(url) is None
        cache.put(Entry(url=url + "-new", kind="article", body=b"new", fetched_at=2.0, checked_at=2.0))
        cache.set_meta("blocked_until", 1.0)
        assert messages == []
        assert not [p for p in directory.iterdir() if ".corrupt-" in p.name]
    finally:
        locker.wait(timeout=10)
    entry = cache.get(url)
    assert entry is not None and entry.body == b"kept"
    cache.close()


# --- a damaged cache between runs ----------------------------------------------------------------


def _truncate(path: Path) -> None:
    with path.open("r+b") as stream:
        stream.truncate(path.stat().st_size // 2)


def _garbage(path: Path) -> None:
    path.write_bytes(random.Random(1).randbytes(max(path.stat().st_size, 8192)))


def _header_garbage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[:100] = b"\xff" * 100
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("store", ["pages", "pinned"])
@pytest.mark.parametrize("damage", [_truncate, _garbage, _header_garbage], ids=["truncated", "garbage", "header"])
def test_a_damaged_cache_is_set_aside_rebuilt_with_one_warning(
    damage: object, store: str, server: SiteServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = server.url + ARTICLE
    first = run_cli(capsys, "--base-url", server.url, "read", url)
    assert first.code == 0 and first.err == ""
    directory = tmp_path / "cache"
    database = directory / store / "cache.db"
    assert database.is_file()
    damage(database)  # type: ignore[operator]
    # The pinned store is only opened when the pages store misses: read a story not cached yet.
    second_url, second_title = (url, ARTICLE_TITLE) if store == "pages" else (server.url + OTHER, "Assembly passes")
    second = run_cli(capsys, "--base-url", server.url, "read", second_url)
    assert second.code == 0
    assert second_title in second.out
    warnings = second.err.splitlines()
    assert len(warnings) == 1, second.err
    assert warnings[0].startswith("ktui: warning: ")
    assert "Traceback" not in second.err
    assert len([p for p in directory.iterdir() if ".corrupt-" in p.name]) >= 1, "the damaged store was kept aside"
    # Rebuilt: the next run reads from the new cache, quietly.
    requests = server.count(ARTICLE)
    third = run_cli(capsys, "--base-url", server.url, "read", url)
    assert third.code == 0 and third.err == ""
    assert ARTICLE_TITLE in third.out
    assert server.count(ARTICLE) == requests


def test_a_damaged_entry_is_dropped_with_one_warning_and_the_rest_kept(tmp_path: Path) -> None:
    from ktui.core.cache import Entry

    messages: list[str] = []
    cache = PageCache(tmp_path / "cache", warn=messages.append)
    try:
        for n in range(3):
            url = f"https://www.koreatimes.co.kr/economy/20261127/story-{n}"
            cache.put(Entry(url=url, kind="article", body=b"x" * 100, fetched_at=1.0, checked_at=1.0))
        cache._pages.set("https://www.koreatimes.co.kr/economy/20261127/story-1", b"\x00\x00\x00\x09garbage")
        assert cache.get("https://www.koreatimes.co.kr/economy/20261127/story-1") is None
        assert cache.get("https://www.koreatimes.co.kr/economy/20261127/story-1") is None
        assert len(messages) == 1
        assert cache.get("https://www.koreatimes.co.kr/economy/20261127/story-0") is not None
        assert cache.get("https://www.koreatimes.co.kr/economy/20261127/story-2") is not None
    finally:
        cache.close()


# --- the user's files under a kill ---------------------------------------------------------------

WRITER = textwrap.dedent('''
    import sys
    from pathlib import Path
    from ktui.core.userdata import UserData

    data = UserData(Path(sys.argv[1]))
    start = len(data.reading_list())
    print("ready", flush=True)
    i = start
    while True:
        # Long titles make each write a few hundred kilobytes, so kills land inside writes.
        data.save(f"https://www.koreatimes.co.kr/economy/20261127/story-{i}", "headline " * 200 + str(i))
        data.remember_scroll(f"https://www.koreatimes.co.kr/economy/20261127/story-{i}", float(i))
        i += 1
''')


def test_a_kill_during_writes_leaves_the_user_files_old_or_new(tmp_path: Path) -> None:
    directory = tmp_path / "data"
    rng = random.Random(7)
    seen = 0
    for _ in range(6):
        writer = _python(WRITER, str(directory))
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.15, 0.4))
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
        for name in ("reading_list", "places"):
            # Valid JSON every time: the old file or the new one, never a torn one.
            json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
        messages: list[str] = []
        data = UserData(directory, warn=messages.append)
        items = data.reading_list()
        assert messages == []
        assert len(items) >= seen, "a kill lost saved articles"
        seen = len(items)
        assert all(item.title.startswith("headline ") for item in items)
    assert seen > 0
    assert not [p for p in directory.iterdir() if ".damaged-" in p.name]


def test_an_unreadable_user_file_is_kept_aside_with_one_warning(tmp_path: Path) -> None:
    directory = tmp_path / "data"
    directory.mkdir()
    (directory / "reading_list.json").write_bytes(b'{"items": [{"url": "https://www.koreatimes.co.kr/a"')
    messages: list[str] = []
    data = UserData(directory, warn=messages.append)
    assert data.reading_list() == []
    assert len(messages) == 1
    assert [p for p in directory.iterdir() if ".damaged-" in p.name]
    data.save("https://www.koreatimes.co.kr/economy/20261127/a", "A story")
    assert [s.url for s in data.reading_list()] == ["https://www.koreatimes.co.kr/economy/20261127/a"]
    assert len(messages) == 1
