"""Provides ktui's typed errors, each with the command line's exit code.

Parsers raise `PageError` subclasses for pages that are not what was asked for (a WAF challenge,
an error page, a page with no body); the fetch layer raises `FetchError` subclasses. Every error's
message is one line meant for a user.
"""

from __future__ import annotations

from ktui.core.text import clean_line

EXIT_OK = 0
"""Exit code: success."""
EXIT_USAGE = 2
"""Exit code: bad command line or bad input."""
EXIT_UNREACHABLE = 3
"""Exit code: the page could not be fetched and is not cached."""
EXIT_NO_CONTENT = 4
"""Exit code: the page was fetched but nothing could be extracted."""
EXIT_BLOCKED = 5
"""Exit code: the site answered with a bot challenge instead of the page."""


class KtuiError(Exception):
    """Base of every error ktui reports to a user."""

    exit_code: int = 1
    """The command line's exit code for this error."""

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url
        """The URL the error is about, when there is one."""

    @property
    def message(self) -> str:
        """The one-line message for the user, free of terminal controls.

        Messages quote what servers send (a redirect's Location, a URL from a page), which can
        carry escape sequences or C1 controls; every consumer (stderr, notices, the reader) gets
        them cleaned here once.
        """
        return clean_line(str(self))


class UsageError(KtuiError):
    """The user asked for something ktui cannot do (unknown section, bad URL, missing file)."""

    exit_code = EXIT_USAGE


class PageError(KtuiError):
    """A fetched page is not the page that was asked for."""

    exit_code = EXIT_NO_CONTENT


class BlockedPage(PageError):
    """The site answered with a bot challenge (AWS WAF) instead of the page."""

    exit_code = EXIT_BLOCKED
    fallback: object | None = None
    """For a blocked article: the feed's `Headline` of it (title, summary, link), when one is known."""


class ErrorPage(PageError):
    """The site answered with its own error page ("Service Error", "Go to Homepage")."""

    exit_code = EXIT_UNREACHABLE


class NoContent(PageError):
    """The page has no extractable article body or list."""

    exit_code = EXIT_NO_CONTENT


class FetchError(KtuiError):
    """A page could not be fetched and no cached copy could stand in."""

    exit_code = EXIT_UNREACHABLE


class HttpStatusError(FetchError):
    """The server answered with an error status."""

    def __init__(self, status: int, message: str, *, url: str | None = None) -> None:
        super().__init__(message, url=url)
        self.status = status
        """The HTTP status code."""


class NetworkError(FetchError):
    """The connection failed: refused, reset, timed out, unresolvable, or a bad response."""


class TooLarge(FetchError):
    """The response body exceeded the size limit."""


class OfflineMiss(FetchError):
    """Offline mode is on and the page is not in the cache."""
