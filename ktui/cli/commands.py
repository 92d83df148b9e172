"""Provides the subcommands of `ktui`: each reads through the service and prints text or JSON.

The command line waits for fresh data (no stale-while-revalidate: a script wants the current
list), but when the network fails it prints the cached copy and says so on stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any, Final

from ktui.cli.context import Context
from ktui.cli.doctor import doctor
from ktui.core.errors import EXIT_OK, BlockedPage, KtuiError, UsageError
from ktui.core.loader import Result
from ktui.core.models import Article, Headline, Section
from ktui.core.render import article_markdown, article_text, digest_markdown, list_text
from ktui.core.service import NewsService, refuse_non_web
from ktui.core.text import clean_line

Command = Callable[[NewsService, argparse.Namespace], Awaitable[int]]


def out(text: str) -> None:
    """Write to standard output."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def note(message: str) -> None:
    """Write a one-line message to standard error."""
    print(f"ktui: {clean_line(message)}", file=sys.stderr)


def headline_json(item: Headline) -> dict[str, Any]:
    """The documented JSON shape of a list entry."""
    data = item.to_dict()
    return {key: data[key] for key in ("rank", "title", "url", "section", "published", "summary")}


def article_json(article: Article) -> dict[str, Any]:
    """The documented JSON shape of an article (plus the source of each field)."""
    data = article.to_dict()
    data["images"] = [{"url": i["url"], "caption": i["caption"]} for i in data["images"]]
    return data


_JSON_RAW_CONTROLS: Final = re.compile("[\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
"""Characters json.dumps(ensure_ascii=False) leaves raw although a terminal may act on them."""


def dumps(data: Any) -> str:
    r"""JSON as ktui prints it: UTF-8 text, web text escaped by the encoder.

    The encoder escapes C0 controls itself; DEL, C1 controls (an 8-bit CSI is one) and invisible or
    bidirectional characters are escaped here too. They can only occur inside strings, where a
    \uXXXX escape means the same character, so the JSON is unchanged for a parser.
    """
    text = json.dumps(data, ensure_ascii=False, indent=None)
    return _JSON_RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _report(result: Result[Any]) -> None:
    if result.notice:
        note(result.notice)


def print_list(items: Iterable[Headline], as_json: bool) -> None:
    """Print a list as text or a JSON array."""
    items = list(items)
    if as_json:
        out(dumps([headline_json(i) for i in items]))
    elif items:
        out(list_text(items))
    else:
        note("the list is empty")


async def _front(service: NewsService) -> Result[Any]:
    """The front page, with the feed fetched alongside for exact times and leads (best effort)."""
    front, _feed = await asyncio.gather(service.front(swr=False), service.latest(swr=False), return_exceptions=True)
    if isinstance(front, BaseException):
        raise front
    return replace(front, value=service.enrich(front.value))


async def cmd_top(service: NewsService, args: argparse.Namespace) -> int:
    """The `ktui top` command."""
    result = await _front(service)
    _report(result)
    print_list(result.value.top, args.json)
    return EXIT_OK


async def cmd_trending(service: NewsService, args: argparse.Namespace) -> int:
    """The `ktui trending` command."""
    result = await _front(service)
    _report(result)
    if not result.value.trending and not args.json:
        note(result.value.sources.get("trending", "no trending ranking found"))
        return EXIT_OK
    print_list(result.value.trending, args.json)
    return EXIT_OK


async def cmd_latest(service: NewsService, args: argparse.Namespace) -> int:
    """The `ktui latest` command."""
    section = service.find_section(args.section) if args.section else None
    result = await service.latest(section, swr=False)
    _report(result)
    print_list(result.value.items, args.json)
    return EXIT_OK


def _section_lines(section: Section, depth: int = 0) -> list[str]:
    lines = [f"{'  ' * depth}{section.name:<30} {section.path}"]
    for sub in section.subsections:
        lines.extend(_section_lines(sub, depth + 1))
    return lines


async def cmd_sections(service: NewsService, args: argparse.Namespace) -> int:
    """The `ktui sections` command."""
    sections = service.sections()
    if args.json:
        out(dumps([s.to_dict() for s in sections]))
    else:
        out("\n".join(line for s in sections for line in _section_lines(s)))
    return EXIT_OK


async def cmd_section(service: NewsService, args: argparse.Namespace) -> int:
    """The `ktui section` command."""
    if args.page < 1:
        raise UsageError("--page must be 1 or more")
    section = service.find_section(args.section)
    result = await service.section(section, page=args.page, swr=False)
    _report(result)
    print_list(result.value.items, args.json)
    return EXIT_OK


async def _read_one(service: NewsService, target: str) -> Article:
    path = Path(target)
    if "://" not in target and path.exists():
        if path.is_dir():
            raise UsageError(f"{target} is a directory, not an HTML file")
        return service.read_file(path)
    refuse_non_web(target)
    looks_like_file = target.lower().endswith((".html", ".htm", ".xhtml")) and "koreatimes" not in target
    if "://" not in target and (looks_like_file or (not target.startswith("/")
                                                    and "." not in target.split("/", 1)[0])):
        raise UsageError(f"no such file, and not a URL: {target}")
    url = service.resolve(target)
    result = await service.article(url, swr=False)
    _report(result)
    return result.value


async def cmd_read(service: NewsService, args: argparse.Namespace) -> int:
    """The `ktui read` command."""
    code = EXIT_OK
    for target in args.targets:
        try:
            article = await _read_one(service, target)
        except BlockedPage as error:
            fallback = error.fallback
            note(f"{error.message}: open {error.url or target} in a browser")
            if isinstance(fallback, Headline):
                note(f"the feed says: {fallback.title}" + (f": {fallback.summary}" if fallback.summary else ""))
            code = code or error.exit_code
            continue
        except KtuiError as error:
            if len(args.targets) == 1:
                raise
            note(f"{target}: {error.message}")
            code = code or error.exit_code
            continue
        if args.format == "json":
            out(dumps(article_json(article)))
        elif args.format == "markdown":
            out(article_markdown(article))
        else:
            out(article_text(article))
    return code


async def cmd_search(service: NewsService, args: argparse.Namespace) -> int:
    """The `ktui search` command."""
    query = " ".join(args.query)
    items: tuple[Headline, ...] | list[Headline]
    if args.local:
        items = service.search_local(query)
    else:
        try:
            result = await service.search(query)
            _report(result)
            items = result.value.items
        except KtuiError as error:
            items = service.search_local(query)
            note(f"site search failed ({error.message}); showing {len(items)} matches from the local cache")
    print_list(items, args.json)
    return EXIT_OK


async def cmd_cache(service: NewsService, args: argparse.Namespace) -> int:
    """The `ktui cache` command."""
    if args.action == "clear":
        removed = service.cache.clear()
        out(f"removed {removed} cached pages (reading-list copies kept)")
        return EXIT_OK
    stats = service.cache.stats()
    if args.json:
        out(dumps(stats))
    else:
        out(f"directory   {stats['directory']}\n"
            f"pages       {stats['entries']}\n"
            f"size        {stats['bytes'] / 1e6:.1f} MB of {stats['size_limit'] / 1e6:.0f} MB\n"
            f"pinned      {stats['pinned']} ({stats['pinned_bytes'] / 1e6:.1f} MB, never evicted)")
    return EXIT_OK


async def cmd_config(service: NewsService, args: argparse.Namespace) -> int:
    """The `ktui config` command."""
    described = service.settings.describe()
    if args.json:
        out(dumps(described))
        return EXIT_OK
    exists = "exists" if described.pop("config_file_exists") else "not created yet; defaults in effect"
    out(f"config file: {described.pop('config_file')} ({exists})")
    for key, value in described.items():
        out(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    return EXIT_OK


async def cmd_digest(service: NewsService, args: argparse.Namespace) -> int:
    """The `ktui digest` command."""
    result = await service.front(swr=False)
    _report(result)
    articles: list[Article] = []
    for item in result.value.top:
        try:
            articles.append((await service.article(item.url, swr=False)).value)
        except KtuiError as error:
            note(f"skipped {item.title}: {error.message}")
    text = digest_markdown("The Korea Times: Top 10 Stories", articles)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        note(f"wrote {len(articles)} articles to {args.output}")
    else:
        out(text)
    return EXIT_OK


async def cmd_list(service: NewsService, args: argparse.Namespace) -> int:
    """The `ktui list` command."""
    from ktui.core.userdata import UserData

    data = UserData(service.settings.data_dir)
    items = [Headline(title=e.title, url=e.url, rank=i, section=e.section)
             for i, e in enumerate(data.reading_list(), start=1)]
    print_list(items, args.json)
    return EXIT_OK


async def cmd_doctor(service: NewsService, args: argparse.Namespace) -> int:
    """The `ktui doctor` command."""
    return await doctor(service, out)


COMMAND_TABLE: dict[str, Command] = {
    "top": cmd_top, "trending": cmd_trending, "latest": cmd_latest, "sections": cmd_sections,
    "section": cmd_section, "read": cmd_read, "search": cmd_search, "cache": cmd_cache, "config": cmd_config,
    "digest": cmd_digest, "list": cmd_list, "doctor": cmd_doctor,
}
"""Each subcommand's implementation."""


async def run_command(context: Context, args: argparse.Namespace) -> int:
    """Run one subcommand with a service that is closed afterwards."""
    service = context.service()
    try:
        return await COMMAND_TABLE[args.command](service, args)
    finally:
        await service.aclose()
