"""Fixtures for the reader's tests: the app over the real stack against the loopback server."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from ktui.app import KtuiApp
from ktui.core.config import Settings
from tests.conftest import NOW, Clock


def fixed_now() -> datetime:
    """The wall clock of the demo edition in tests."""
    return NOW


@pytest.fixture
def make_app(settings: Settings, clock: Clock) -> Callable[..., KtuiApp]:
    """Build the reader over the real stack (httpx, diskcache) against the loopback server."""

    def make(**kwargs: object) -> KtuiApp:
        kwargs.setdefault("clock", fixed_now)
        kwargs.setdefault("loader_clock", clock)
        return KtuiApp(kwargs.pop("settings", settings), **kwargs)  # type: ignore[arg-type]

    return make


async def settle(pilot: object) -> None:
    """Wait until workers are done and the screen is repainted."""
    app = pilot.app  # type: ignore[attr-defined]
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()  # type: ignore[attr-defined]
