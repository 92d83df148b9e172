"""Provides parsing of the many time formats the site uses, always answering in KST (+09:00).

The site shows times in Korea Standard Time without saying so ("Posted : 2020-08-12 16:55"),
feeds give RFC 822 times in GMT, and metadata gives ISO 8601. Naive times are taken as KST.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Final

from ktui.core.patterns import LazyPattern

KST: Final = timezone(timedelta(hours=9), "KST")
"""Korea Standard Time; Korea keeps no daylight saving time."""

_ISO_LIKE: Final = LazyPattern(
    r"(?P<y>\d{4})[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})"
    r"(?:[T\s,]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2}|KST|GMT|UTC)?",
    re.IGNORECASE,
)
_COMPACT: Final = LazyPattern(r"(?<!\d)(?P<y>20\d{2}|19\d{2})(?P<m>\d{2})(?P<d>\d{2})(?!\d)")


def to_kst(value: datetime) -> datetime:
    """Return an aware datetime in KST; a naive one is taken to be KST already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=KST)
    return value.astimezone(KST)


def _tz_of(token: str | None) -> timezone | None:
    if not token:
        return None
    token = token.upper()
    if token == "KST":
        return KST
    if token in ("Z", "GMT", "UTC"):
        return UTC
    sign = 1 if token[0] == "+" else -1
    digits = token[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))


def parse_time(text: str | None) -> datetime | None:
    """Parse a time in any of the site's formats; return it in KST, or None if there is none.

    Understands ISO 8601 (with or without offset), "2020-08-12 16:55", "2020.08.12", RFC 822
    ("Sun, 03 Aug 2025 06:27:03 GMT") and bare dates. A date without a time is midnight KST.
    """
    if not text:
        return None
    text = text.strip()
    if not text:
        return None
    # Imported here: the email package costs the reader's start some 4 ms, for feeds' dates only.
    from email.utils import parsedate_to_datetime

    if text[:3].isalpha() and "," in text[:5]:
        try:
            return to_kst(parsedate_to_datetime(text))
        except (TypeError, ValueError, IndexError):
            pass
    match = _ISO_LIKE.search(text)
    if match is None:
        try:
            return to_kst(parsedate_to_datetime(text))
        except (TypeError, ValueError, IndexError):
            return None
    try:
        value = datetime(
            int(match["y"]),
            int(match["m"]),
            int(match["d"]),
            int(match["H"] or 0),
            int(match["M"] or 0),
            int(match["S"] or 0),
        )
    except ValueError:
        return None
    zone = _tz_of(match["tz"])
    return to_kst(value.replace(tzinfo=zone) if zone else value)


def compact_date(text: str) -> date | None:
    """Find a YYYYMMDD date in text (as in current-layout URLs); None if there is none or it is invalid."""
    match = _COMPACT.search(text)
    if match is None:
        return None
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def midnight_kst(day: date) -> datetime:
    """Return the start of a day in KST."""
    return datetime(day.year, day.month, day.day, tzinfo=KST)


def age_text(then: datetime, now: datetime) -> str:
    """Describe how long ago `then` was, briefly: "now", "5m", "3h", "2d", or the date."""
    seconds = (now - then).total_seconds()
    if seconds < 60:
        return "now"
    if seconds < 3600:
        return f"{int(seconds // 60)}m"
    if seconds < 86400:
        return f"{int(seconds // 3600)}h"
    if seconds < 86400 * 7:
        return f"{int(seconds // 86400)}d"
    return to_kst(then).strftime("%Y-%m-%d")


def now_kst() -> datetime:
    """Return the current time in KST."""
    return datetime.now(KST)
