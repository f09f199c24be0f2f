"""Acceptance: no translation, however hostile, puts anything executable on a page or breaks a
feed, through the shipped templates or a project's templates that unescape everything.

Each hostile string is a whole page's translation (title, description, category, every body
segment, alt, title, aria-label and placeholder attributes) in one language of one post, and
the text of one of the theme's strings in ui.po. Every page must have the tree of its English
page: the same elements with the same attributes and URLs (a translator may add bare ``<em>``
and ``<strong>``); the feeds must parse as XML.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import html5lib
import polib
import pytest

from localize_post.catalogs import read_catalog, write_catalog
from localize_post.document import (
    TAG_PATTERN,
    check_inline_markup,
    publishing_problem,
    unescape_text,
)
from localize_post.locales import parse_language
from localize_post.render import TEMPLATE_NAMES, placeholder_problem, template_source

from conftest import Run

HOSTILE = [
    # script and event handlers, as tags a browser would run
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "<svg><script xlink:href=data:,alert(1)></script></svg>",
    "<template><script>alert(1)</script></template>",
    "<scr<script>ipt>alert(1)</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    # javascript: and data: URLs in would-be tags
    '<a href="javascript:alert(1)">click</a>',
    "<iframe src=javascript:alert(1)></iframe>",
    "<form action=javascript:alert(1)><button>go</button></form>",
    "<object data=javascript:alert(1)></object>",
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "JaVaScRiPt:alert(document.cookie)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    # the tags of the msgid convention, invented or misused
    '<a1 href="javascript:alert(1)">click</a1>',
    "<a1 onclick=alert(1)>x</a1>",
    "<a2>a link the source does not have</a2>",
    "<a1>once</a1> <a1>twice</a1>",
    "<img1/><img1/><img1/>",
    "<em onclick=alert(1)>emphasis</em>",
    "<em><script>alert(1)</script></em>",
    "<strong>never closed",
    "</a1> closing what is not open",
    "<sc1/> <html1/> <fn1/> <span1/>",
    "<code>rm -rf /</code>",
    "<em>bare emphasis</em> and <strong>strong</strong>, which a translator may add",
    # entities that would turn into markup if unescaped twice
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&#x3C;img src=x onerror=alert(1)&#x3E;",
    "&lt;a1 href=javascript:alert(1)&gt;x&lt;/a1&gt;",
    "&bogus; &#0; &#xD800; &#1114112; & < > lone",
    # breaking out of the element or attribute the text is in
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</style></noscript></xmp><script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "' onmouseover='alert(1)' x='",
    '" onfocus="alert(1)" autofocus="',
    '" autofocus onfocus=alert(1) x="',
    "<plaintext>the rest of the page as text",
    # comments, CDATA, XML and feed structure
    "<!--",
    "--><script>alert(1)</script><!--",
    "<!-- x --!><script>alert(1)</script>",
    "<![CDATA[<script>alert(1)</script>]]>",
    "]]><script>alert(1)</script><![CDATA[",
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]>&e;',
    "</title></entry><entry><title>spoofed entry</title>",
    '<x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script>',
    # template syntax: a translation is text, never a template
    "{{ 7*7 }} {% raw %}{{ self.__init__.__globals__ }}{% endraw %}",
    # placeholders of the theme's strings, expanded or repeated
    "%(author)9000000s",
    "%(num)0999999d",
    "%(x).99999999f",
    "%*d %.*s",
    "%s %r %(author)r",
    "%(network)s" * 3,
    "%(author)s" * 2000,
    "100% sure",
    # characters that reorder text, break XML or hide
    "\u202eevil\u202c reversed",
    "\u202dforced left to right",
    "\u2066\u2067isolated\u2069\u2069",
    # (NUL is not here: reading a catalog refuses it, as bad input)
    "start of heading \x01 and backspace \x08",
    "vertical tab \x0b form feed \x0c",
    "escape \x1b[31m red",
    "DEL \x7f and C1 \x9b",
    "noncharacters \ufffe \uffff \U0010ffff",
    "tag characters \U000e0041\U000e0042\U000e0043 smuggled",
    "carriage\r\nreturn",
    # sheer size
    "A" * 20_000,
    "&amp;" * 4_000,
]

TARGETS = ("fr", "es", "de", "ar", "ja", "it", "he", "pl", "nl", "ru", "uk")
POSTS = math.ceil(len(HOSTILE) / len(TARGETS))
SLUG = "hostile-{}"
POST = """\
---
title: "Post {number}"
description: "Summary of post {number}"
category: "Category {number}"
author: "Author {number}"
date: 2020-10-{day:02}
---
## Heading {number}

Plain paragraph {number}.

A paragraph with a [link](https://example.org/{number} "Link title {number}") and an image \
![Alt text {number}](picture{number}.png "Image title {number}").

- List item {number}

<p><button aria-label='Label {number}' title=Tooltip{number}>Button {number}</button> and \
<input placeholder="Field {number}"></p>
"""
# The theme's strings every post page shows, and how one of them shows a hostile string.
UI_SHOWN = {
    "Languages": "{}",
    "Breadcrumb": "{}",
    "News": "{}",
    "Share the post": "{}",
    "Share on %(network)s": "{} %(network)s",
    "Written by %(author)s · %(date)s · In %(category)s": "{} %(author)s %(date)s %(category)s",
    "%(num)s min read": "%(num)s {}",
}

URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data", "poster", "srcset"})
SITE_LANGUAGES = ("en", *TARGETS)
# A language's edition in a URL: ``../fr/``, or ``%2Ffr%2F`` in a share link.
LANGUAGE_IN_URL = re.compile(rf"(?<=/|F)(?:{'|'.join(SITE_LANGUAGES)})(?=/|%2F)")
# Attributes whose value is the page's own language or place, not content.
PLACE_ATTRIBUTES = frozenset({"lang", "dir", "aria-current"})
ADDABLE_EMPHASIS = frozenset({"em", "strong"})
ATOM = "{http://www.w3.org/2005/Atom}"
ATOM_ELEMENTS = {
    f"{ATOM}{name}"
    for name in ("feed", "title", "link", "id", "updated", "entry", "author", "name", "summary")
}
# Bidi controls, what XML forbids, DEL, C1 controls and noncharacters: none on any page.
NEVER_SHOWN = re.compile(
    "[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
    "\U0010fffe\U0010ffff]"
)
# Unescaped, a template override shows this as an element: proof that it is in force.
OVERRIDE_PROOF = '{{ "<i class=unescaped-override></i>" }}'


def _hostile(language: int, post: int) -> str:
    return HOSTILE[(language * POSTS + post) % len(HOSTILE)]


def _ui_hostile(language: int, entry: int) -> str:
    return HOSTILE[(language * len(UI_SHOWN) + entry) % len(HOSTILE)]


def test_the_suite_has_sixty_distinct_hostile_translations_each_on_a_page_and_in_ui() -> None:
    assert len(set(HOSTILE)) == len(HOSTILE) >= 60
    pages = {_hostile(language, post) for language in range(len(TARGETS)) for post in range(POSTS)}
    ui = {
        _ui_hostile(language, entry)
        for language in range(len(TARGETS))
        for entry in range(len(UI_SHOWN))
    }
    assert pages == ui == set(HOSTILE)


def _override(name: str, variant: str) -> str:
    """A shipped template that unescapes everything it shows: every expression but the
    variables of trans blocks marked ``|safe``, or every block's autoescape turned off."""
    text = template_source(Path("no-overrides"), name)[0]
    if name == "base.html":
        text = text.replace("<main>", f"<main>{OVERRIDE_PROOF}")
    if variant == "safe":
        return re.sub(r"\{\{ (?!\w+ \}\})(.+?) \}\}", r"{{ (\1)|safe }}", text)
    text = re.sub(r"(\{% block \w+ %\})", r"\1{% autoescape false %}", text)
    text = text.replace("{% endblock %}", "{% endautoescape %}{% endblock %}")
    return text if name != "base.html" else f"{{% autoescape false %}}{text}{{% endautoescape %}}"


def _translation(msgid: str, hostile: str) -> str:
    """``hostile`` in place of every run of text of ``msgid``, its tags kept."""
    pieces = re.split(f"({TAG_PATTERN.pattern})", msgid)
    return "".join(
        piece if index % 5 else (hostile if piece.strip() else piece)
        for index, piece in enumerate(pieces)
    )


def _catalog(template: polib.POFile, tag: str) -> polib.POFile:
    language = parse_language(tag)
    catalog = polib.POFile(wrapwidth=79, check_for_duplicates=False)
    catalog.metadata = {
        **template.metadata,
        "Language": language.gettext_code,
        "Plural-Forms": language.plural_forms,
    }
    return catalog


def _hostile_project(project: Path, run: Run, variant: str) -> None:
    """The shipped project with POSTS hostile posts, translated in every language of TARGETS,
    and every language's ui.po hostile too."""
    languages = ", ".join(f'"{tag}"' for tag in TARGETS)
    settings = project / "localize-post.toml"
    settings.write_text(
        f"languages = [{languages}]\n"
        + "".join(
            line
            for line in settings.read_text(encoding="utf-8").splitlines(keepends=True)
            if not line.startswith(("languages", "threshold"))
        )
        # Refused translations count as untranslated: published anyway, to show their pages.
        + "threshold = 0\n",
        encoding="utf-8",
    )
    # Each language's index page must list what the English one does.
    (project / "source" / "idor2020.md").unlink()
    for post in range(POSTS):
        text = POST.format(number=post, day=post + 1)
        (project / "source" / f"{SLUG.format(post)}.md").write_text(text, encoding="utf-8")
    if variant != "default":
        (project / "templates").mkdir()
        for name in TEMPLATE_NAMES:
            (project / "templates" / name).write_text(_override(name, variant), encoding="utf-8")
    assert run("-C", project, "extract").exit_code == 0
    locales = project / "locales"
    for number, tag in enumerate(TARGETS):
        messages = locales / parse_language(tag).gettext_code / "LC_MESSAGES"
        for post in range(POSTS):
            slug = SLUG.format(post)
            template = read_catalog(locales / f"{slug}.pot", f"{slug}.pot")
            catalog = _catalog(template, tag)
            for entry in template:
                msgstr = _translation(entry.msgid, _hostile(number, post))
                catalog.append(polib.POEntry(msgid=entry.msgid, msgstr=msgstr))
            write_catalog(messages / f"{slug}.po", catalog)
        template = read_catalog(locales / "ui.pot", "ui.pot")
        ui = _catalog(template, tag)
        for entry in template:
            if entry.msgid in UI_SHOWN:
                hostile = _ui_hostile(number, list(UI_SHOWN).index(entry.msgid))
                msgstr = UI_SHOWN[entry.msgid].format(hostile)
            else:
                msgstr = entry.msgid
            forms = range(parse_language(tag).plural_count) if entry.msgid_plural else ()
            ui.append(
                polib.POEntry(
                    msgid=entry.msgid,
                    msgid_plural=entry.msgid_plural,
                    msgstr="" if forms else msgstr,
                    msgstr_plural=dict.fromkeys(forms, msgstr),
                    flags=list(entry.flags),
                )
            )
        write_catalog(messages / "ui.po", ui)


Tree = tuple[str, tuple[str, ...], tuple[object, ...]]


def _tree(element: ElementTree.Element) -> Tree:
    """An element's shape: tag, attribute names but those saying the page's language or
    place, and children; a translator's own bare emphasis and the span marking an English
    fallback are spliced into their parent."""
    children: list[object] = []
    for child in element:
        if not isinstance(child.tag, str):
            children.append(("#comment", (), ()))
        elif (child.tag in ADDABLE_EMPHASIS and not child.attrib) or _english_mark(child):
            children.extend(_tree(child)[2])
        else:
            children.append(_tree(child))
    names = tuple(sorted(set(element.attrib) - PLACE_ATTRIBUTES))
    return (str(element.tag), names, tuple(children))


def _english_mark(element: ElementTree.Element) -> bool:
    """The span that marks English shown in place of a translation with no element of its own."""
    marks = set(element.attrib)
    return element.tag == "span" and element.get("lang") == "en" and marks <= {"lang", "dir"}


def _urls(root: ElementTree.Element) -> Counter[tuple[str, str, str]]:
    """Every URL a page holds, with the site's language tags in it made alike, since each
    language's page links to its own edition."""
    return Counter(
        (str(element.tag), name, LANGUAGE_IN_URL.sub("*", value))
        for element in root.iter()
        for name, value in element.attrib.items()
        if name in URL_ATTRIBUTES
    )


def _local(name: object) -> str:
    """A tag or attribute name without its namespace: svg's ``script``, xlink's ``href``."""
    return str(name).rpartition("}")[2].lower()


def _executable(root: ElementTree.Element) -> Iterator[str]:
    """What on a page a browser would run: scripts, event handlers, script URLs."""
    for element in root.iter():
        if _local(element.tag) == "script":
            yield "a script element"
        for name, value in element.attrib.items():
            if _local(name).startswith("on"):
                yield f"an event handler {name}={value!r}"
            url = "".join(value.split()).lower()
            if _local(name) in URL_ATTRIBUTES and url.startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                yield f"a {url.partition(':')[0]}: URL in {name}"


def _parse(page: str) -> ElementTree.Element:
    root: ElementTree.Element = html5lib.parse(page, namespaceHTMLElements=False)
    return root


def _text(root: ElementTree.Element, path: str) -> str:
    element = root.find(path)
    return "(none)" if element is None else " ".join("".join(element.itertext()).split())


def _page_problems(
    page: str, root: ElementTree.Element, english: str, english_root: ElementTree.Element
) -> list[str]:
    """What a translated page has that its English page has not."""
    problems = [f"{found} the English page lacks" for found in _executable(root)]
    if _tree(root) != _tree(english_root):
        problems.append("its elements or attributes differ from the English page's")
    if _urls(root) != _urls(english_root):
        problems.append(f"URLs differ: {sorted((_urls(root) - _urls(english_root)).elements())}")
    never_shown = NEVER_SHOWN.search(page)
    if never_shown:
        problems.append(f"it holds {never_shown.group(0)!r}")
    if len(page) > 10 * len(english):
        problems.append(f"{len(page)} characters, over 10 times its English page")
    return problems


def _shown_field(source: str, hostile: str) -> str:
    """What a page shows for a front-matter field translated ``hostile``: the translation as
    plain text, or the English where it cannot be published."""
    translation = _translation(source, hostile)
    try:
        check_inline_markup(source, translation, {})
    except ValueError:
        return source
    if publishing_problem(source, translation):
        return source
    return " ".join(unescape_text(translation).split())


def _shown_ui(source: str, hostile: str) -> str:
    translation = UI_SHOWN[source].format(hostile)
    if placeholder_problem(translation, source, False) or publishing_problem(source, translation):
        return source
    return " ".join(translation.split())


@pytest.mark.parametrize("variant", ["default", "safe", "autoescape-off"])
def test_no_hostile_translation_puts_anything_executable_on_a_page(
    project: Path, run: Run, variant: str
) -> None:
    _hostile_project(project, run, variant)
    built = run("-C", project, "build")
    assert built.exit_code == 0, built.output
    site = project / "site"
    english_pages = {
        slug: (site / "en" / slug / "index.html").read_text(encoding="utf-8")
        for slug in [*(SLUG.format(post) for post in range(POSTS)), ""]
    }
    english_roots = {slug: _parse(page) for slug, page in english_pages.items()}
    problems: list[str] = []
    shown_translated = 0
    for number, tag in enumerate(TARGETS):
        pages = [(SLUG.format(post), _hostile(number, post)) for post in range(POSTS)]
        pages.append(("", ""))  # the language's index page
        feed_titles: set[str] = set()
        for slug, hostile in pages:
            relative = f"{tag}/{slug}/index.html".replace("//", "/")
            page = (site / relative).read_text(encoding="utf-8")
            root = _parse(page)
            problems += [
                f"{relative}: {problem}"
                for problem in _page_problems(page, root, english_pages[slug], english_roots[slug])
            ]
            if not slug:
                continue
            english_title = f"Post {slug.rpartition('-')[2]}"
            expected = _shown_field(english_title, hostile)
            shown_translated += expected != english_title
            feed_titles.add(expected)
            title = _text(root, ".//title")
            if title != f"{expected} \N{EN DASH} Medsquare":
                problems.append(f"{relative}: title {title!r}, expected {expected!r}")
            share = _text(root, ".//aside/h2")
            share_hostile = _ui_hostile(number, list(UI_SHOWN).index("Share the post"))
            expected_share = _shown_ui("Share the post", share_hostile)
            if share != expected_share:
                problems.append(f"{relative}: shows {share!r}, not {expected_share!r}")
            if variant != "default" and root.find(".//i[@class='unescaped-override']") is None:
                problems.append(f"{relative}: the override is not in force")
        try:
            feed = ElementTree.fromstring((site / tag / "feed.xml").read_bytes())
        except ElementTree.ParseError as error:
            problems.append(f"{tag}/feed.xml does not parse: {error}")
            continue
        elements = {element.tag for element in feed.iter()}
        if not elements <= ATOM_ELEMENTS:
            problems.append(f"{tag}/feed.xml has {sorted(elements - ATOM_ELEMENTS)}")
        titles = {
            " ".join((entry.findtext(f"{ATOM}title") or "").split())
            for entry in feed.iter(f"{ATOM}entry")
        }
        if titles != feed_titles:
            problems.append(f"{tag}/feed.xml titles {sorted(titles - feed_titles)}")
    assert not problems, "\n".join(problems)
    # Not a suite of fallbacks: a third of the hostile titles or more are shown, as text.
    assert shown_translated >= len(HOSTILE) // 3


def test_check_names_every_hostile_translation_no_page_shows(project: Path, run: Run) -> None:
    """What the pages refuse, check reports as an error on the entry's line."""
    _hostile_project(project, run, "default")
    result = run("-C", project, "check", "--format", "json")
    assert result.exit_code == 1
    reported = {
        f"{problem['path']}:{problem['line']}"
        for problem in json.loads(result.output)
        if problem["severity"] == "error"
    }
    refused = set()
    for tag in TARGETS:
        messages = f"locales/{parse_language(tag).gettext_code}/LC_MESSAGES"
        for domain in [*(SLUG.format(post) for post in range(POSTS)), "ui"]:
            shown = f"{messages}/{domain}.po"
            for entry in read_catalog(project / shown, shown):
                source = entry.msgid_plural or entry.msgid
                translation = entry.msgstr_plural.get(0, entry.msgstr)
                placeholders = domain == "ui" and placeholder_problem(translation, source, False)
                if placeholders or publishing_problem(source, translation):
                    refused.add(f"{shown}:{entry.linenum}")
    assert len(refused) > len(TARGETS) * POSTS
    assert refused <= reported, sorted(refused - reported)[:10]


def test_a_nul_in_a_translation_never_reaches_a_page(project: Path, run: Run) -> None:
    """GNU gettext cuts a string at a NUL; whether reading refuses such a catalog or the page
    shows the English, no page or feed holds one."""
    path = project / "locales" / "fr" / "LC_MESSAGES" / "idor2020.po"
    text = path.read_text(encoding="utf-8")
    category = 'msgid "Blog"\nmsgstr "Blog'
    assert category in text
    path.write_text(text.replace(category, category + "\x00<script>"), encoding="utf-8")
    result = run("-C", project, "build")
    if result.exit_code:
        assert result.output.startswith("localize-post: locales/fr/LC_MESSAGES/idor2020.po:")
        assert result.output.count("\n") == 1 and not (project / "site").exists()
        return
    for page in (project / "site").rglob("*.*"):
        text = page.read_text(encoding="utf-8")
        assert "\x00" not in text and "<script>" not in text, page
