"""Provides the site profile: every selector, marker and heading pattern the parsers use.

When the site changes its markup, this is the file to edit. Class names of the current layout are
CSS-module names whose hash suffix changes on every deploy (`EditorContents_contents__i9nZI`), so
they are matched by prefix (`[class*=EditorContents_contents]`), never exactly. Confidence notes
refer to the site research (shared/site/koreatimes-site.md): H = several sources, M = one, L = guess.
"""

from __future__ import annotations

import re
from typing import Final

# --- Current layout (since 2025): article pages -------------------------------------------------

CURRENT_BODY: Final = (
    "[class*=EditorContents_contents]",  # H
    "[data-article-content=true]",  # M
    "[class*=EditorContents_wrap]",  # H (wrapper; used when the contents class is missing)
)
"""The article body container, best first."""

CURRENT_PARAGRAPHS: Final = ("p.editor-p", "p")
"""Paragraphs inside the body: the editor's own class first, any <p> second."""

CURRENT_STRIP: Final = (
    "script",
    "style",
    "input",
    "iframe",
    "noscript",
    "button",
    "form",
    "[id*=koreatimes_inarticle]",  # in-article ads, H
    "[class*=inarticle]",
    "[class*=ad-wrap]",
    "[class*=AdBox]",
    ".module-articles",  # the inline related-articles box, H (kept as `related`)
    ".editor-img-box",  # image with caption, H (kept as `images`)
    "figure",
)
"""Elements that are not body text."""

CURRENT_RELATED: Final = (".module-articles", "[class*=RelatedArticle]", "[class*=related]")
"""Related-article boxes inside or beside the body."""

CURRENT_IMAGE_BOXES: Final = (".editor-img-box", "figure")
"""Boxes that hold a picture and its caption."""

CAPTIONS: Final = ("figcaption", "[class*=caption]", "[class*=Caption]", "p", "span", "div")
"""Where a caption sits inside an image box, best first."""

CURRENT_TITLE: Final = ("h1[class*=title]", "h1[class*=Title]", "h1[class*=headline]", "h1")
"""The on-page headline (L: the layout's headline class is not known)."""

CURRENT_SUBTITLE: Final = (
    "[class*=subTitle]",
    "[class*=SubTitle]",
    "[class*=subtitle]",
    "[class*=Subtitle]",
    "[class*=summary]",
    "[class*=Summary]",
    "[class*=standfirst]",
    "h2[class*=sub]",
)
"""An on-page standfirst (L)."""

CURRENT_BYLINE: Final = ("[class*=byline]", "[class*=Byline]", "[class*=writer]", "[class*=Writer]",
                         "[class*=author]", "[class*=Author]", "[class*=reporter]", "[class*=Reporter]")
"""Elements holding the reporter's name (L)."""

CURRENT_DATES: Final = ("time[datetime]", "[class*=date]", "[class*=Date]", "[class*=time]",
                        "[class*=Time]")
"""Elements that may hold the Posted/Updated times (L)."""

CURRENT_BREADCRUMB: Final = ("[class*=breadcrumb]", "[class*=Breadcrumb]", "[class*=category]",
                             "[class*=Category]")
"""Elements that may name the section (L)."""

# --- Legacy layout (about 2017 to early 2025) and the era before it ------------------------------

LEGACY_HEADLINE: Final = ("div.view_headline", ".view_page_news_header_wrapper h1")  # H / era A
"""The legacy headline (`view_headline HD` or `view_headline LoraMedium`)."""
LEGACY_KOREAN_HEADLINE: Final = "div.view_headlineK"
"""The Korean headline of bilingual columns (not the title)."""
LEGACY_SUBTITLE: Final = ("div.view_sub_headline", "div.view_HD_div h2", "div.view_HD_div div.view_sub")
"""The legacy sub-headline (L: its class was never seen)."""
LEGACY_DATES: Final = ("div.date_div div.view_date", "div.view_date", ".view_page_news_header_wrapper span")
"""Where the "Posted : ..." and "Updated : ..." lines are."""
LEGACY_BODY: Final = ("div#startts", "div#p", ".view_page_news_article_wrapper", "#adiContents")
"""The legacy body container, era B first."""
LEGACY_STRIP: Final = ("script", "style", "iframe", "noscript", "#webtalks_btn_listenDiv", "form", "button",
                       "[id*=inarticle]", "[class*=ad_]", "[class*=ads]")
"""Elements that are never body text in the legacy layout."""
LEGACY_SECTION: Final = ("div.sub_header_title", "div.view_page_news_title", "div.view_section", "div.sub_title",
                         "div.view_cate")
"""The section name above a legacy headline (L)."""
LEGACY_EMAIL: Final = (".view_page_translation_email a[href^=mailto]", "[class*=email] a[href^=mailto]",
                       "[class*=reporter] a[href^=mailto]", "a[href^=mailto]")
"""The reporter's e-mail link, most specific first."""
LEGACY_IMAGE_BOXES: Final = ("figure", "table.img_table", "table.img_box", "[class*=img_box]", "[class*=imgBox]",
                             "[class*=photo_box]", ".editor-img-box")
"""Boxes that hold a legacy picture and its caption (L: inferred)."""
LEGACY_RELATED: Final = ("[class*=relation]", "[class*=related]", ".module-articles")
"""Inline related-article blocks inside the legacy body (L: inferred from the seed page's text)."""
GENERIC_ADDRESSES: Final = ("webmaster@", "info@", "help@", "support@", "news@", "privacy@", "ads@", "noreply@")
"""Site addresses that are never a reporter's."""

# --- Lists ---------------------------------------------------------------------------------------

LIST_CARDS: Final = (
    "[class*=SectionModule_item]",  # current layout, H
    "div.list_article_area",  # legacy, H
    "div.index_more_article",  # legacy front page "more" list, M
    "[class*=SearchModule_item]",
    "[class*=ListModule_item]",
    "[class*=ArticleList_item]",
    "[class*=NewsList_item]",
)
"""One card per story on list pages, best first."""
LIST_TITLE: Final = ("h2", "h3", "h4", "[class*=title]", "[class*=Title]", "[class*=headline]",
                     "[class*=Headline]", ".list_article_headline")
"""The headline inside a card."""
LIST_SUMMARY: Final = (".list_article_lead", "[class*=lead]", "[class*=Lead]", "[class*=summary]",
                       "[class*=Summary]", "[class*=desc]", "[class*=Desc]", "p")
"""The lead inside a card."""
LIST_DATE: Final = ("time[datetime]", ".list_article_byline2", "[class*=date]", "[class*=Date]",
                    "[class*=time]", "[class*=Time]", "[class*=byline]")
"""The date inside a card."""
NEXT_LINK: Final = ("a[rel~=next]", "link[rel~=next]", "span.pagenation > b + a", "[class*=next] a",
                    "a[class*=next]", "a[class*=Next]", "a[aria-label*=ext]")
"""The next-page link of a list (legacy: `span.pagenation > b + a`, the site's own spelling)."""
PAGINATION: Final = ("[class*=pagination]", "[class*=Pagination]", "[class*=paging]", "[class*=Paging]",
                     "span.pagenation", ".pagenation_img", "nav[aria-label*=age]")
"""Containers of page links."""
NEXT_TEXTS: Final = frozenset({"next", "next page", "›", "»", ">", "more", "다음", "next ›", "next »"})
"""Link texts that mean "next page"."""

# --- Front page boxes ----------------------------------------------------------------------------

BOX_TOP: Final = re.compile(r"^\s*(top\s*(10|ten)(\s+(stories|news|articles))?|top\s+(stories|news|headlines))"
                            r"\s*$", re.IGNORECASE)
"""Headings of the Top 10 Stories box."""
BOX_TRENDING: Final = re.compile(
    r"^\s*(trending(\s+(now|news|stories|articles))?|(the\s+)?most[\s-]+(viewed|read|popular|clicked)"
    r"(\s+(stories|news|articles))?|popular(\s+(now|news|stories|articles))?|ranking|hot\s+news"
    r"|많이\s*본\s*뉴스|인기\s*기사)\s*$",
    re.IGNORECASE,
)
"""Headings of the trending (most-read) ranking."""
BOX_OTHER: Final = re.compile(r"^(?=.{3,40}$)(.*\btop\s*(\d{1,2}|five|ten)\b.*|\s*(editor'?s?|today'?s)\s+picks?"
                              r"(\s+\w+)?\s*|\s*best\s+of\s+\w+\s*)$", re.IGNORECASE)
"""Headings of other ranked boxes ("Top 5 Entertainment News", "Entertainment Top 5", "Editor's Picks")."""
BOX_WORDS: Final = ("top", "trend", "most", "popular", "ranking", "hot", "pick", "best")
"""Words (lower case) of which any English heading matching BOX_TOP, BOX_TRENDING or BOX_OTHER holds one
(keep in step with them): a cheap first test that lets the box finder skip most of a page's short texts."""
HEADING_TAGS: Final = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "header", "strong", "b", "span", "p",
                                 "div", "a", "em", "caption", "legend", "dt", "button", "li", "img"})
"""Tags a box heading may come in (an <img alt="Top 10 Stories"> included)."""
HEADING_MAX_CHARS: Final = 40
"""Longer texts are never box headings."""
RANK_HINTS: Final = re.compile(r"rank|popular|trend|most|top|best|hot", re.IGNORECASE)
"""Class or id words that mark a numbered box."""
CHROME: Final = ("header", "nav", "footer", "[role=navigation]", "[class*=gnb]", "[class*=Gnb]",
                 "[class*=menu]", "[class*=Menu]", "[class*=footer]", "[class*=Footer]", "[id*=menu]",
                 "[class*=allmenu]", "[class*=sitemap]")
"""Page chrome that lists links but no stories of the day."""

# --- Blocked and broken pages --------------------------------------------------------------------

WAF_MARKERS: Final = ("awswafcookiedomainlist", "gokuprops", "awswaf.com", "awswafintegration",
                      "aws-waf-token", "challenge.js", "captcha.js", "/waf/", "x-amzn-waf")
"""Strings (lower case) of the AWS WAF challenge page."""
WAF_MAX_TEXT: Final = 1500
"""A challenge page shows at most this many characters of text."""
ERROR_MARKERS: Final = ("service error", "unexpected server error", "go to homepage", "page not found",
                        "the page you requested", "요청하신 페이지", "서비스 이용에 불편")
"""Phrases (lower case) of the site's own error pages."""
ERROR_MAX_TEXT: Final = 2500
"""An error page shows at most this many characters of text."""

# --- Text patterns -------------------------------------------------------------------------------

TITLE_SUFFIX: Final = re.compile(r"\s*[-|–—:]\s*(the\s+)?korea\s*times(\s+\w+)?\s*$", re.IGNORECASE)
"""The site name that og:title and <title> append to the headline."""
BYLINE_LINE: Final = re.compile(r"^\s*(?:by|written by|reporter)\s*[:\-]?\s+(?P<name>[^\n]{2,120}?)\s*$",
                                re.IGNORECASE)
"""A body line that is only a byline ("By Kim Min-ji", "By Lee Ha-na and Park Jun")."""
EMAIL: Final = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
"""An e-mail address."""
EMAIL_LINE: Final = re.compile(r"^\s*(e-?mail|contact)?\s*[:]?\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*"
                               r"(article list|more articles by this reporter|\s)*$", re.IGNORECASE)
"""A body line that is only the reporter's e-mail (legacy pages end with one)."""
POSTED: Final = re.compile(r"(?:posted|published|입력)\s*[:：]?\s*(?P<when>\d{4}[-./]\d{1,2}[-./]\d{1,2}"
                           r"(?:[\sT]+\d{1,2}:\d{2}(?::\d{2})?)?)", re.IGNORECASE)
"""The "Posted : 2020-08-12 16:55" text."""
UPDATED: Final = re.compile(r"(?:updated|modified|수정)\s*[:：]?\s*(?P<when>\d{4}[-./]\d{1,2}[-./]\d{1,2}"
                            r"(?:[\sT]+\d{1,2}:\d{2}(?::\d{2})?)?)", re.IGNORECASE)
"""The "Updated : 2020-08-13 09:27" text."""
RELATED_META: Final = re.compile(r"^\s*\d{4}-\d{2}-\d{2}(\s+\d{1,2}:\d{2})?\s*\|")
"""The "2020-07-27 12:02 | North Korea" line of a legacy inline related article."""
BOILERPLATE_LINES: Final = re.compile(
    r"^\s*(advertisement|ad|sponsored|print preview|font size (up|down)|share|copyright ©.*|"
    r"all rights reserved\.?|article list|more articles by this reporter|listen|close)\s*$",
    re.IGNORECASE,
)
"""Lines that are page furniture, never body text."""
