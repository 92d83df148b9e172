"""Provides the section taxonomy of the current Korea Times site and each section's RSS feed.

The top-level sections and their feeds are documented (feed.koreatimes.co.kr/k/<name>.xml, see
the site notes). Subsection paths marked "seen" appear in article URLs cited by public code; the
others follow the site's menu names and the same slug style, and are checked by `ktui doctor`.
"""

from __future__ import annotations

from typing import Final

from ktui.core.models import Section


def _sub(name: str, path: str, feed: str) -> Section:
    return Section(name=name, path=path, feed=feed)


SECTIONS: Final[tuple[Section, ...]] = (
    Section(
        "South Korea",
        "southkorea",
        (
            _sub("Politics", "southkorea/politics", "southkorea"),  # seen
            _sub("Society", "southkorea/society", "southkorea"),  # seen
            _sub("Law & Crime", "southkorea/law-crime", "southkorea"),  # seen
            _sub("Defense", "southkorea/defense", "southkorea"),  # seen
            _sub("Global Community", "southkorea/globalcommunity", "southkorea"),  # seen
            _sub("Health & Science", "southkorea/health-science", "southkorea"),
            _sub("Environment & Animals", "southkorea/environment-animals", "southkorea"),
        ),
        "southkorea",
    ),
    Section(
        "North Korea & Foreign Affairs",
        "foreignaffairs",
        (
            _sub("North Korea", "foreignaffairs/northkorea", "foreignaffairs"),  # seen
            _sub("Diplomacy", "foreignaffairs/diplomacy", "foreignaffairs"),
        ),
        "foreignaffairs",
    ),
    Section(
        "World",
        "world",
        (
            _sub("Asia", "world/asia", "world"),
            _sub("Americas", "world/americas", "world"),
        ),
        "world",
    ),
    Section(
        "Economy",
        "economy",
        (
            _sub("Policy", "economy/policy", "economy"),
            _sub("Finance", "economy/finance", "economy"),
            _sub("Markets", "economy/markets", "economy"),
            _sub("Cryptocurrency", "economy/cryptocurrency", "economy"),  # seen
        ),
        "economy",
    ),
    Section(
        "Business",
        "business",
        (
            _sub("Companies", "business/companies", "business"),
            _sub("Tech & Science", "business/tech-science", "business"),  # seen
            _sub("Automotive", "business/automotive", "business"),
            _sub("Bio", "business/bio", "business"),
        ),
        "business",
    ),
    Section(
        "Lifestyle",
        "lifestyle",
        (
            _sub("Travel & Food", "lifestyle/travel-food", "lifestyle"),
            _sub("Trends", "lifestyle/trends", "lifestyle"),
            _sub("People & Events", "lifestyle/people-events", "lifestyle"),
            _sub("Books", "lifestyle/books", "lifestyle"),
        ),
        "lifestyle",
    ),
    Section(
        "Entertainment & Arts",
        "entertainment",
        (
            _sub("K-pop", "entertainment/k-pop", "entertainment"),  # seen
            _sub("Films", "entertainment/films", "entertainment"),
            _sub("Shows & Dramas", "entertainment/shows-dramas", "entertainment"),
            _sub("Music", "entertainment/music", "entertainment"),
            _sub("Theater & Others", "entertainment/theater-others", "entertainment"),
        ),
        "entertainment",
    ),
    Section("Sports", "sports", (), "sports"),
    Section(
        "Opinion",
        "opinion",
        (
            _sub("Editorial", "opinion/editorial", "opinion"),  # seen
            _sub("Columns", "opinion/columns", "opinion"),
            _sub("Thoughts of the Times", "opinion/thoughts-of-the-times", "opinion"),
            _sub("Letter to the Editor", "opinion/letter-to-the-editor", "opinion"),
        ),
        "opinion",
    ),
    Section("Video", "video", (), "video"),
    Section("Photos", "photos", (), "photos"),
)
"""Every top-level section, in the site's menu order, with its subsections."""

ALL_NEWS_FEED: Final = "allnews"
"""The feed that carries the newest stories of every section."""

LEGACY_FOLDERS: Final[dict[str, str]] = {
    "nation": "southkorea",
    "biz": "business",
    "tech": "business/tech-science",
    "culture": "lifestyle",
    "opinion": "opinion",
    "world": "world",
    "sports": "sports",
    "entertainment": "entertainment",
    "news": "southkorea",
}
"""Legacy article folders (/www/<folder>/...) mapped onto the current section paths."""


def iter_sections() -> list[Section]:
    """Return every section and subsection, parents before their children."""
    out: list[Section] = []
    for section in SECTIONS:
        out.append(section)
        out.extend(section.subsections)
    return out


_BY_PATH: Final[dict[str, Section]] = {s.path: s for s in iter_sections()}


def _key(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


_BY_KEY: Final[dict[str, Section]] = {}
for _s in iter_sections():
    _BY_KEY.setdefault(_key(_s.name), _s)
    _BY_KEY.setdefault(_key(_s.path), _s)
    _BY_KEY.setdefault(_key(_s.path.rsplit("/", 1)[-1]), _s)
_BY_KEY.update({"northkorea": _BY_PATH["foreignaffairs/northkorea"], "entertainment": _BY_PATH["entertainment"]})


def find_section(query: str) -> Section | None:
    """Find a section by its path ("southkorea/politics") or display name ("Politics").

    Matching ignores case, spaces and punctuation, so "k-pop", "K-Pop" and "kpop" all work.
    """
    query = query.strip().strip("/")
    if query in _BY_PATH:
        return _BY_PATH[query]
    return _BY_KEY.get(_key(query))


def section_for_path(path: str) -> Section | None:
    """Return the deepest known section that a URL path ("/southkorea/politics/2026...") lies in."""
    parts = [p for p in path.strip("/").split("/") if p]
    for depth in (2, 1):
        if len(parts) >= depth:
            found = _BY_PATH.get("/".join(parts[:depth]))
            if found is not None:
                return found
    return None


def parent_of(section: Section) -> Section:
    """Return the top-level section a section belongs to (itself for a top-level one)."""
    return _BY_PATH.get(section.path.split("/", 1)[0], section)


LEGACY_CATEGORIES: Final[dict[str, str]] = {
    "103": "North Korea", "113": "National", "356": "Politics", "120": "Foreign Affairs", "205": "Defense",
    "371": "Labor & Environment", "251": "Investigations", "281": "Seoul & Provinces",
    "119": "Diseases & Welfare", "177": "Foreign Communities", "176": "Embassy News", "181": "Education",
    "121": "Obituaries", "602": "Economy", "367": "Policies", "488": "Finance", "129": "Biz & Tech",
    "419": "Automotive", "133": "IT", "134": "Game", "693": "Heavy Industries", "694": "Light Industries",
    "325": "Science", "398": "Entertainment", "732": "Hallyu", "682": "Music", "688": "Dramas & TV",
    "689": "Movies", "690": "Performances", "691": "Exhibitions", "135": "Culture", "142": "Books",
    "141": "Hotel & Travel", "199": "Fashion", "201": "Food", "148": "Fortune Telling", "293": "Religions",
    "317": "Korean Traditions", "703": "Trend", "641": "Healthcare", "600": "Sports", "661": "Football",
    "159": "Golf", "662": "Baseball", "663": "Sports", "501": "World", "683": "Asia Pacific",
    "684": "Americas", "685": "Other Regions", "672": "SCMP", "137": "Opinion", "202": "Editorial",
    "638": "Columnists", "264": "Reporter's Notebook", "197": "Guest Column", "162": "Thoughts of the Times",
    "161": "Letter to the Editor", "198": "Times Forum", "195": "Cartoon", "224": "Today in History",
    "178": "Video", "718": "Video", "720": "Video", "717": "Video",
}
"""Legacy category codes (the <cat> of /www/<folder>/YYYY/MM/<cat>_<id>.html) and their names."""
