"""Provides the typed models of ktui: headlines, articles, sections and the front page.

Every model is an immutable dataclass (a `ktui.core.record.record`) that turns into plain JSON
data with `to_dict` and back with `from_dict`, so the disk cache and the command line's `--json`
output share one shape. Times are timezone-aware `datetime` objects and serialise as ISO 8601
with their offset (KST, +09:00, for times that come from the site).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from datetime import datetime
from typing import Any

from ktui.core.record import Record, record

JSON = dict[str, Any]
"""A JSON object as Python data."""


def _time_out(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _time_in(value: Any) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(str(value))


@record(slots=True)
class Headline(Record):
    """One entry of a list: a story on the front page, in a section, a feed or search results."""

    title: str
    """The headline as shown on the site."""
    url: str
    """The story's absolute, normalised URL."""
    rank: int | None = None
    """Position in a ranked box (1 is the top), or the position in the list."""
    section: str | None = None
    """Display name of the story's section, when known."""
    published: datetime | None = None
    """Publication time, when the list gives one."""
    summary: str | None = None
    """The lead or description under the headline."""
    thumbnail: str | None = None
    """URL of the list's thumbnail image."""

    def to_dict(self) -> JSON:
        """Return the headline as JSON data."""
        return {
            "rank": self.rank,
            "title": self.title,
            "url": self.url,
            "section": self.section,
            "published": _time_out(self.published),
            "summary": self.summary,
            "thumbnail": self.thumbnail,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Headline:
        """Build a headline from JSON data made by `to_dict`."""
        return cls(
            title=data["title"],
            url=data["url"],
            rank=data.get("rank"),
            section=data.get("section"),
            published=_time_in(data.get("published")),
            summary=data.get("summary"),
            thumbnail=data.get("thumbnail"),
        )


@record(slots=True)
class Image(Record):
    """A picture in an article, with its caption."""

    url: str
    """Absolute URL of the image."""
    caption: str | None = None
    """The caption under the picture, if any."""
    position: int = 0
    """Index of the paragraph the image stands before (len(paragraphs) means after the last)."""

    def to_dict(self) -> JSON:
        """Return the image as JSON data."""
        return {"url": self.url, "caption": self.caption, "position": self.position}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Image:
        """Build an image from JSON data made by `to_dict`."""
        return cls(url=data["url"], caption=data.get("caption"), position=int(data.get("position", 0)))


@record(slots=True)
class Link(Record):
    """A titled link, such as a related article."""

    title: str
    """The link's text."""
    url: str
    """The absolute URL it points to."""

    def to_dict(self) -> JSON:
        """Return the link as JSON data."""
        return {"title": self.title, "url": self.url}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Link:
        """Build a link from JSON data made by `to_dict`."""
        return cls(title=data["title"], url=data["url"])


ARTICLE_FIELDS = (
    "title",
    "subtitle",
    "section",
    "published",
    "updated",
    "byline",
    "email",
    "paragraphs",
    "images",
    "related",
    "links",
)
"""The article fields whose extraction layer is recorded in `Article.sources`."""


@record(slots=True)
class Article(Record):
    """A full article as read in the reading pane."""

    url: str
    """The article's absolute, normalised URL."""
    title: str
    """The headline."""
    paragraphs: tuple[str, ...]
    """The body, one plain-text paragraph each; never empty."""
    extracted_by: str
    """The extraction layer that produced the body (see `ktui.core.parse.article.LAYERS`)."""
    subtitle: str | None = None
    """The standfirst or sub-headline."""
    section: str | None = None
    """Display name of the article's section."""
    published: datetime | None = None
    """When it was posted."""
    updated: datetime | None = None
    """When it was last updated, if after posting."""
    byline: str | None = None
    """The reporter or author line, without a leading "By"."""
    email: str | None = None
    """The reporter's e-mail address."""
    images: tuple[Image, ...] = ()
    """Pictures with captions, each placed before a paragraph."""
    related: tuple[Link, ...] = ()
    """Related articles the page links to."""
    links: tuple[Link, ...] = ()
    """Links inside the body's text (to other stories or other sites), in order."""
    sources: Mapping[str, str] = field(default_factory=dict)
    """For each field that has a value, the extraction layer it came from."""

    @property
    def text(self) -> str:
        """The body as one string, paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)

    @property
    def word_count(self) -> int:
        """How many words the body has."""
        return sum(len(p.split()) for p in self.paragraphs)

    def to_dict(self) -> JSON:
        """Return the article as JSON data (the documented `ktui read --format json` shape)."""
        return {
            "url": self.url,
            "title": self.title,
            "subtitle": self.subtitle,
            "section": self.section,
            "published": _time_out(self.published),
            "updated": _time_out(self.updated),
            "byline": self.byline,
            "email": self.email,
            "paragraphs": list(self.paragraphs),
            "images": [image.to_dict() for image in self.images],
            "related": [link.to_dict() for link in self.related],
            "links": [link.to_dict() for link in self.links],
            "extracted_by": self.extracted_by,
            "sources": dict(self.sources),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Article:
        """Build an article from JSON data made by `to_dict`."""
        return cls(
            url=data["url"],
            title=data["title"],
            paragraphs=tuple(data["paragraphs"]),
            extracted_by=data["extracted_by"],
            subtitle=data.get("subtitle"),
            section=data.get("section"),
            published=_time_in(data.get("published")),
            updated=_time_in(data.get("updated")),
            byline=data.get("byline"),
            email=data.get("email"),
            images=tuple(Image.from_dict(i) for i in data.get("images", ())),
            related=tuple(Link.from_dict(r) for r in data.get("related", ())),
            links=tuple(Link.from_dict(r) for r in data.get("links", ())),
            sources=dict(data.get("sources", {})),
        )


@record(slots=True)
class Section(Record):
    """A section of the site, with its subsections."""

    name: str
    """Display name, e.g. "South Korea" or "Politics"."""
    path: str
    """Path on the site without slashes at the ends, e.g. "southkorea/politics"."""
    subsections: tuple[Section, ...] = ()
    """The section's subsections (empty for a subsection)."""
    feed: str | None = None
    """Name of the RSS feed that carries it, e.g. "southkorea" for k/southkorea.xml."""

    def to_dict(self) -> JSON:
        """Return the section as JSON data."""
        return {
            "name": self.name,
            "path": self.path,
            "feed": self.feed,
            "subsections": [s.to_dict() for s in self.subsections],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Section:
        """Build a section from JSON data made by `to_dict`."""
        return cls(
            name=data["name"],
            path=data["path"],
            feed=data.get("feed"),
            subsections=tuple(cls.from_dict(s) for s in data.get("subsections", ())),
        )


@record(slots=True)
class RankedBox(Record):
    """A ranked box of the front page: Top 10 Stories, the trending ranking, Top 5 Entertainment."""

    title: str
    """The box's heading as the page shows it (or a description when it has none)."""
    kind: str
    """"top", "trending" or "other"."""
    items: tuple[Headline, ...]
    """The stories in rank order."""
    matched: str = ""
    """How the box was found, for `ktui doctor`."""

    def to_dict(self) -> JSON:
        """Return the box as JSON data."""
        return {
            "title": self.title,
            "kind": self.kind,
            "matched": self.matched,
            "items": [h.to_dict() for h in self.items],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RankedBox:
        """Build a box from JSON data made by `to_dict`."""
        return cls(
            title=data["title"],
            kind=data["kind"],
            matched=data.get("matched", ""),
            items=tuple(Headline.from_dict(h) for h in data["items"]),
        )


@record(slots=True)
class FrontPage(Record):
    """The parsed front page."""

    top: tuple[Headline, ...]
    """The Top 10 stories, in order."""
    trending: tuple[Headline, ...]
    """The trending (most-read) ranking, in rank order; may be empty."""
    boxes: tuple[RankedBox, ...] = ()
    """Every ranked box found, the two above included."""
    headlines: tuple[Headline, ...] = ()
    """Every distinct article link on the page, in page order."""
    sources: Mapping[str, str] = field(default_factory=dict)
    """For "top" and "trending", how the list was found."""

    def to_dict(self) -> JSON:
        """Return the front page as JSON data."""
        return {
            "top": [h.to_dict() for h in self.top],
            "trending": [h.to_dict() for h in self.trending],
            "boxes": [b.to_dict() for b in self.boxes],
            "headlines": [h.to_dict() for h in self.headlines],
            "sources": dict(self.sources),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FrontPage:
        """Build a front page from JSON data made by `to_dict`."""
        return cls(
            top=tuple(Headline.from_dict(h) for h in data["top"]),
            trending=tuple(Headline.from_dict(h) for h in data["trending"]),
            boxes=tuple(RankedBox.from_dict(b) for b in data.get("boxes", ())),
            headlines=tuple(Headline.from_dict(h) for h in data.get("headlines", ())),
            sources=dict(data.get("sources", {})),
        )


@record(slots=True)
class ListPage(Record):
    """A page of a list: a section page, a feed, or search results."""

    items: tuple[Headline, ...]
    """The stories, in the page's order."""
    title: str | None = None
    """The list's title (section name, feed title or query)."""
    next_url: str | None = None
    """The next page of the list, if there is one."""
    matched: str = ""
    """How the items were found, for `ktui doctor`."""

    def to_dict(self) -> JSON:
        """Return the list as JSON data."""
        return {
            "title": self.title,
            "next_url": self.next_url,
            "matched": self.matched,
            "items": [h.to_dict() for h in self.items],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ListPage:
        """Build a list from JSON data made by `to_dict`."""
        return cls(
            items=tuple(Headline.from_dict(h) for h in data["items"]),
            title=data.get("title"),
            next_url=data.get("next_url"),
            matched=data.get("matched", ""),
        )
