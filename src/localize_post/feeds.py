"""What other programs read from a site: an Atom feed per language, and the sitemap.

Both need absolute URLs, so build writes them only with ``base_url``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .document import PostDate
from .render import Localized, xml_text

# A feed's date when it lists no dated post: fixed, so building twice changes nothing.
_NO_DATE = "1970-01-01T00:00:00Z"


@dataclass(frozen=True, slots=True)
class PostSummary:
    """A post as a language's index page and feed list it: ``path`` is relative to the
    language's folder (``2024/launch/``), ``authors`` are plain names."""

    path: str
    title: Localized
    description: Localized | None
    date: PostDate | None
    date_text: str
    authors: tuple[str, ...]

    @property
    def iso_date(self) -> str:
        """For ``<time datetime>``: the day, or the moment when the post says one; empty for
        an undated post."""
        return self.date.html() if self.date else ""


def absolute_url(base_url: str, path: str) -> str:
    """A path of the site (``fr/launch/``) as a URL under ``base_url``."""
    return base_url.rstrip("/") + "/" + path


def atom_feed(site_name: str, base_url: str, language: str, posts: Sequence[PostSummary]) -> str:
    """An Atom feed of a language's published posts, newest first: titles and summaries in the
    language, or in English marked ``xml:lang="en"``, dates in RFC 3339 whatever the front
    matter wrote. Undated posts are left out, since a feed orders by date; the feed's own date
    is its newest post's, so building twice changes nothing."""
    home = absolute_url(base_url, f"{language}/")
    newest = next((post.date.rfc3339() for post in posts if post.date), _NO_DATE)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{language}">',
        f"<title>{xml_text(site_name)}</title>",
        f'<link rel="alternate" href="{xml_text(home)}"/>',
        f'<link rel="self" href="{xml_text(absolute_url(base_url, f"{language}/feed.xml"))}"/>',
        f"<id>{xml_text(home)}</id>",
        f"<updated>{newest}</updated>",
    ]
    for post in posts:
        if post.date is None:
            continue
        url = xml_text(home + post.path)
        lines += [
            "<entry>",
            _feed_text("title", post.title),
            f'<link rel="alternate" href="{url}"/>',
            f"<id>{url}</id>",
            f"<updated>{post.date.rfc3339()}</updated>",
            *(
                f"<author><name>{xml_text(name)}</name></author>"
                for name in post.authors or (site_name,)
            ),
        ]
        if post.description:
            lines.append(_feed_text("summary", post.description))
        lines.append("</entry>")
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _feed_text(element: str, text: Localized) -> str:
    marks = ' xml:lang="en"' if text.fallback else ""
    return f"<{element}{marks}>{xml_text(text.text)}</{element}>"


def sitemap(base_url: str, published: Mapping[str, Sequence[str]]) -> str:
    """Every published page (``published`` maps a post to its languages) with its language
    alternates, as search engines read hreflang."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for slug, tags in sorted(published.items()):
        for tag in tags:
            lines.append(f"<url><loc>{xml_text(absolute_url(base_url, f'{tag}/{slug}/'))}</loc>")
            lines.extend(
                f'<xhtml:link rel="alternate" hreflang="{other}"'
                f' href="{xml_text(absolute_url(base_url, f"{other}/{slug}/"))}"/>'
                for other in tags
            )
            lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
