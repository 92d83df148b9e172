"""Provides the sample content of the demo edition: its stories, ranked boxes, static pages and picture.

The copy was written for ktui and lives in `stories.json` beside this module. Every person, company,
team and event in it is invented; real places and public bodies appear only as settings. Stories carry
no dates: each has an age in hours, and the edition turns ages into times relative to its `now`, so
the demo always looks fresh while staying reproducible.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ktui.core.sections import iter_sections

RANKED_BOX_SIZE = 10
"""How many stories the Top 10 and Trending boxes each list."""


@dataclass(frozen=True, slots=True)
class Story:
    """One story of the demo edition, before it is placed in time."""

    section: str
    """Path of the section it is filed under, e.g. "southkorea/politics" or "sports"."""
    slug: str
    """The last segment of its URL; editorials start with "ed-"."""
    headline: str
    """The headline, plain text."""
    subtitle: str
    """The standfirst shown under the headline and used as the description."""
    paragraphs: tuple[str, ...]
    """The body, one plain-text paragraph each."""
    age_hours: float
    """How long before the edition's `now` it was posted."""
    updated_hours: float | None = None
    """How long before `now` it was last updated, if it was."""
    byline: str | None = None
    """The author's name without "By"; None for editorials."""
    email: str | None = None
    """The author's e-mail address, if the page shows one."""
    image_caption: str | None = None
    """Caption of the story's lead picture; None when it has no picture."""
    related: tuple[str, ...] = ()
    """Slugs of the stories its related-articles box links to."""

    @property
    def top_section(self) -> str:
        """Path of the top-level section the story belongs to."""
        return self.section.split("/", 1)[0]


@dataclass(frozen=True, slots=True)
class Copy:
    """All the sample copy: the stories and the order of the two ranked boxes."""

    stories: tuple[Story, ...]
    """Every story, in no particular order."""
    top10: tuple[str, ...]
    """Slugs of the "Top 10 Stories" box, in rank order."""
    trending: tuple[str, ...]
    """Slugs of the "Trending" box, in rank order."""
    static_pages: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    """The footer's small pages (about, contact, ...) as (path, title, paragraphs)."""


def _story(data: dict[str, Any]) -> Story:
    updated = data.get("updated_hours")
    return Story(
        section=str(data["section"]),
        slug=str(data["slug"]),
        headline=str(data["headline"]),
        subtitle=str(data["subtitle"]),
        paragraphs=tuple(str(p) for p in data["paragraphs"]),
        age_hours=float(data["age_hours"]),
        updated_hours=None if updated is None else float(updated),
        byline=data.get("byline"),
        email=data.get("email"),
        image_caption=data.get("image_caption"),
        related=tuple(str(s) for s in data.get("related", ())),
    )


def check_copy(copy: Copy) -> None:
    """Check that the copy is consistent, so a slip in the JSON fails loudly and early.

    Args:
        copy: The copy to check.

    Raises:
        ValueError: Naming the first problem found.
    """
    paths = {section.path for section in iter_sections()}
    slugs = [story.slug for story in copy.stories]
    if len(set(slugs)) != len(slugs):
        raise ValueError("two stories share a slug")
    for story in copy.stories:
        if story.section not in paths:
            raise ValueError(f"{story.slug}: unknown section {story.section!r}")
        if not story.paragraphs:
            raise ValueError(f"{story.slug}: no paragraphs")
        if story.updated_hours is not None and not 0 <= story.updated_hours < story.age_hours:
            raise ValueError(f"{story.slug}: updated before it was posted")
        if story.slug.startswith("ed-") != (story.byline is None):
            raise ValueError(f"{story.slug}: editorials, and only they, have no byline")
        missing = set(story.related) - set(slugs)
        if missing or story.slug in story.related:
            raise ValueError(f"{story.slug}: bad related stories {sorted(missing) or story.slug}")
    # Stories posted in the same minute would sort differently from one list to the next.
    minutes = [round(story.age_hours * 60) for story in copy.stories]
    if len(set(minutes)) != len(minutes):
        raise ValueError("two stories share a posting minute")
    for name, box in (("top10", copy.top10), ("trending", copy.trending)):
        if len(set(box)) != RANKED_BOX_SIZE or not set(box) <= set(slugs):
            raise ValueError(f"{name} must name {RANKED_BOX_SIZE} distinct known stories")


@cache
def load_copy() -> Copy:
    """Load, check and return the sample copy; it is read once per process.

    Raises:
        ValueError: When the bundled JSON is inconsistent (see `check_copy`).
    """
    text = resources.files(__package__).joinpath("stories.json").read_text(encoding="utf-8")
    data = json.loads(text)
    copy = Copy(
        stories=tuple(_story(item) for item in data["stories"]),
        top10=tuple(data["top10"]),
        trending=tuple(data["trending"]),
        static_pages=tuple((str(page["path"]), str(page["title"]), tuple(page["paragraphs"]))
                           for page in data.get("static_pages", ())),
    )
    check_copy(copy)
    return copy


def load_stories() -> tuple[Story, ...]:
    """Return every story of the sample copy (see `load_copy`)."""
    return load_copy().stories


def _huffman_codes(counts: list[int], symbols: list[int]) -> dict[int, tuple[int, int]]:
    # Canonical Huffman codes as JPEG defines them: (code, length) by symbol.
    codes, code, index = {}, 0, 0
    for length, count in enumerate(counts, 1):
        for _ in range(count):
            codes[symbols[index]] = (code, length)
            code, index = code + 1, index + 1
        code <<= 1
    return codes


_DC_COUNTS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]  # the standard luminance DC table
_AC_COUNTS = [1] + [0] * 15  # one code, "0", for end-of-block: every block is flat


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


@cache
def demo_jpeg(width_blocks: int = 8, height_blocks: int = 4) -> bytes:
    """Encode the demo picture: a small greyscale JPEG of soft tiles, the same bytes every time.

    Each 8x8 block is flat, so only its DC coefficient is coded; with a quantisation table of ones a
    flat block of level v has DC = 8 * (v - 128).

    Args:
        width_blocks: Width in 8-pixel blocks.
        height_blocks: Height in 8-pixel blocks.
    """
    dc_codes = _huffman_codes(_DC_COUNTS, list(range(12)))
    bits, previous = "", 0
    for row in range(height_blocks):
        for col in range(width_blocks):
            value = 8 * (70 + 14 * col + 18 * row - 128)
            diff, previous = value - previous, value
            size = abs(diff).bit_length()
            code, length = dc_codes[size]
            extra = diff if diff >= 0 else diff + (1 << size) - 1
            bits += format(code, f"0{length}b") + (format(extra, f"0{size}b") if size else "") + "0"
    bits += "1" * (-len(bits) % 8)
    data = b"".join(bytes([b, 0]) if b == 0xFF else bytes([b]) for b in
                    (int(bits[i:i + 8], 2) for i in range(0, len(bits), 8)))
    return b"".join((
        b"\xff\xd8",
        _segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"),
        _segment(0xDB, b"\x00" + b"\x01" * 64),
        _segment(0xC0, struct.pack(">BHHBBBB", 8, 8 * height_blocks, 8 * width_blocks, 1, 1, 0x11, 0)),
        _segment(0xC4, b"\x00" + bytes(_DC_COUNTS) + bytes(range(12))),
        _segment(0xC4, b"\x10" + bytes(_AC_COUNTS) + b"\x00"),
        _segment(0xDA, b"\x01\x01\x00\x00\x3f\x00"),
        data,
        b"\xff\xd9",
    ))
