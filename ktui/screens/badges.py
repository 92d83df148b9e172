"""Provides `badge_for`: the freshness badge of a list or article ("live", "cached 4 min ago", ...)."""

from __future__ import annotations

from typing import Any

from ktui.core.loader import Origin, Result, minutes_ago


def badge_for(result: Result[Any], now: float) -> str:
    """Say where a result came from and how old it is, in a few words."""
    if result.origin is Origin.FALLBACK:
        return "from RSS"
    if result.origin is Origin.NETWORK:
        return "live"
    age = minutes_ago(max(0.0, now - result.fetched_at))
    if result.notice and result.notice.startswith("offline"):
        return f"offline · {age}"
    return f"cached {age}"
