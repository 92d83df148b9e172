"""Provides `main`, the `ktui` command: the reader (TUI) and the scriptable subcommands.

Global options work before or after the subcommand. Errors are one line on stderr starting
"ktui: " with a documented exit code (0 ok, 2 usage, 3 unreachable and not cached, 4 nothing
extractable, 5 blocked by the site); a traceback only with --debug. Textual is imported only when
the reader starts, so the subcommands start fast.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from typing import Any

from ktui import __version__, gcpause
from ktui.core.errors import EXIT_USAGE, KtuiError

COMMANDS = ("top", "trending", "latest", "sections", "section", "read", "search", "cache", "doctor", "config",
            "digest", "list")
"""The subcommands."""


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line and exit with code 2."""

    def error(self, message: str) -> Any:
        self.exit(EXIT_USAGE, f"ktui: {message} (see ktui --help)\n")


def _global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Add the options that every command takes (suppressed defaults on subcommands)."""
    default: Any = argparse.SUPPRESS if suppress else None
    parser.add_argument("--base-url", metavar="URL", default=default,
                        help="origin that plays www.koreatimes.co.kr (env KTUI_BASE_URL)")
    parser.add_argument("--cache-dir", metavar="DIR", default=default, help="cache directory (env KTUI_CACHE_DIR)")
    parser.add_argument("--offline", action="store_true", default=argparse.SUPPRESS if suppress else False,
                        help="never touch the network; read from the cache")
    parser.add_argument("--demo", action="store_true", default=argparse.SUPPRESS if suppress else False,
                        help="use the bundled demo edition served on loopback (no network needed)")
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS if suppress else False,
                        help="log to stderr and show tracebacks")


def build_parser() -> argparse.ArgumentParser:
    """Build the full command-line parser."""
    parser = _Parser(
        prog="ktui",
        description="A keyboard-first terminal reader for The Korea Times. Without a command, starts the reader.",
        epilog="Exit codes: 0 ok, 2 usage, 3 unreachable and not cached, 4 nothing extractable, 5 blocked by the "
        "site.",
    )
    parser.add_argument("--version", action="version", version=f"ktui {__version__}")
    _global_options(parser, suppress=False)
    common = _Parser(add_help=False)
    _global_options(common, suppress=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_text, description=help_text, parents=[common])

    for name, text in (("top", "the front page's Top 10 stories"), ("trending", "the trending (most-read) ranking")):
        p = command(name, text)
        p.add_argument("--json", action="store_true", help="print JSON")
    p = command("latest", "the newest stories from the feeds, of all sections or one")
    p.add_argument("section", nargs="?", metavar="SECTION", help="a section path (economy) or name")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = command("sections", "every section and subsection")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = command("section", "a section's list page")
    p.add_argument("section", metavar="SECTION", help="a section path (southkorea/politics) or name")
    p.add_argument("--page", type=int, default=1, metavar="N", help="page number (default 1)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = command("read", "print articles (URLs or saved HTML files)")
    p.add_argument("targets", nargs="+", metavar="TARGET", help="article URL, site path or local HTML file")
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text",
                   help="output format (json: one object per target, JSON Lines when several)")
    p = command("search", "search the site (falls back to the local index when the site cannot be reached)")
    p.add_argument("query", nargs="+", metavar="QUERY")
    p.add_argument("--local", action="store_true", help="search only the articles in the local cache")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = command("cache", "show cache statistics or clear the cache")
    p.add_argument("action", choices=("stats", "clear"))
    p.add_argument("--json", action="store_true", help="print JSON (stats)")
    command("doctor", "check the live site: fetch each kind of page and report what matched")
    p = command("config", "print where the config file is and the settings in effect")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = command("digest", "write the current Top 10 with full texts as one Markdown file")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p = command("list", "the reading list")
    p.add_argument("--json", action="store_true", help="print JSON")
    parser.usage = "ktui [options] [URL]  |  ktui [options] COMMAND ..."
    return parser


_VALUED = frozenset({"--base-url", "--cache-dir", "--page", "--format", "-o", "--output"})


def split_reader_url(argv: list[str]) -> tuple[list[str], str | None]:
    """Let `ktui [options] URL` work: a first positional that is not a command is the reader's URL."""
    skip = False
    for index, arg in enumerate(argv):
        if skip:
            skip = False
            continue
        if arg in _VALUED:
            skip = True
            continue
        if arg.startswith("-"):
            continue
        if arg in COMMANDS:
            return argv, None
        return argv[:index] + argv[index + 1 :], arg
    return argv, None


def main(argv: Sequence[str] | None = None) -> int:
    """Run ktui; return the exit code (the console script exits with it)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    # `ktui URL`: argparse alone would read the URL as a command name.
    args_list, url = split_reader_url(args_list)
    try:
        args = parser.parse_args(args_list)
    except SystemExit as done:  # --help, --version, or a usage error already reported
        return done.code if isinstance(done.code, int) else EXIT_USAGE
    args.url = url
    if args.command is None:
        # The reader: hold the collector back from here to its first paint (see ktui.gcpause).
        gcpause.hold()
    debug = bool(getattr(args, "debug", False))
    logging.basicConfig(level=logging.DEBUG if debug else logging.ERROR, stream=sys.stderr,
                        format="%(asctime)s %(name)s %(levelname)s %(message)s")
    from ktui.cli.commands import run_command
    from ktui.cli.context import Context

    try:
        with Context.from_args(args) as context:
            if args.command is None:
                from ktui.cli.reader import run_reader

                try:
                    return run_reader(context, getattr(args, "url", None))
                finally:
                    gcpause.release()  # the app has let it go already, unless it never started
            return asyncio.run(run_command(context, args))
    except KtuiError as error:
        if debug:
            raise
        print(f"ktui: {error.message}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `ktui top | head`: the reader of our output went away; that is not an error.
        return 0


if __name__ == "__main__":
    sys.exit(main())
