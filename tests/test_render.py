"""Rendering a post into its page: the body's own h1, when it is the post's heading."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

import html5lib
import polib
import pytest
from markupsafe import Markup, escape

from localize_post.catalogs import read_catalog
from localize_post.checks import check_placeholders, check_plural_forms, header_field_line
from localize_post.document import Location
from localize_post.locales import parse_language
from localize_post.problems import Severity
from localize_post.render import (
    GERMANIC_PLURAL,
    Localized,
    PluralFormsError,
    UiTranslations,
    create_environment,
    parse_plural_forms,
    suggestion_marks,
    with_marks,
    xml_text,
)

from conftest import REPOSITORY, Run, require_tool

XHTML = "{http://www.w3.org/1999/xhtml}"


def _french_page(project: Path, run: Run, name: str, source: str, translated: bool) -> str:
    """Build ``source`` as the only post, French translated as capitals or not at all."""
    (project / "source").mkdir()
    (project / "source" / name).write_text(source, encoding="utf-8")
    (project / "localize-post.toml").write_text('languages = ["fr"]\nthreshold = 0\n')
    for command in (["extract"], ["update"]):
        assert run("-C", project, *command).exit_code == 0
    slug = name.rsplit(".", 1)[0]
    path = project / "locales" / "fr" / "LC_MESSAGES" / f"{slug}.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = entry.msgid.upper().replace("<EM>", "<em>").replace("</EM>", "</em>")
        entry.msgstr = entry.msgstr if translated else ""
    catalog.save(str(path))
    assert run("-C", project, "build").exit_code == 0
    return (project / "site" / "fr" / slug / "index.html").read_text(encoding="utf-8")


def _headings(page: str) -> list[tuple[str, str | None]]:
    tree = html5lib.parse(page)
    article = tree.find(f".//{XHTML}article")
    assert article is not None
    return [
        ("".join(heading.itertext()), heading.get("lang")) for heading in article.iter(f"{XHTML}h1")
    ]


def _title(page: str) -> str:
    title = html5lib.parse(page).find(f".//{XHTML}title")
    assert title is not None
    return "".join(title.itertext())


@pytest.mark.parametrize(
    ("source", "headings", "title"),
    [
        pytest.param(
            "# Hello *world*\n\nBody.\n",
            [("HELLO WORLD", None)],
            "HELLO WORLD",
            id="no title: the heading is the title",
        ),
        pytest.param(
            '---\ntitle: Hello world\n---\n<!-- localize-post: note="x" -->\n# Hello world\n\nB.\n',
            [("HELLO WORLD", None)],
            "HELLO WORLD",
            id="the same words as the title",
        ),
        pytest.param(
            "---\ntitle: Launch day\n---\n# Introduction\n\nBody.\n",
            [("LAUNCH DAY", None), ("INTRODUCTION", None)],
            "LAUNCH DAY",
            id="a first section: the template's heading stays",
        ),
        pytest.param(
            "---\ntitle: Launch\n---\nIntro.\n\n# Launch\n",
            [("LAUNCH", None), ("LAUNCH", None)],
            "LAUNCH",
            id="not the first block",
        ),
    ],
)
def test_a_markdown_body_opening_with_the_title_is_not_headed_twice(
    project_dir: Path, run: Run, source: str, headings: list[tuple[str, str]], title: str
) -> None:
    page = _french_page(project_dir, run, "post.md", source, translated=True)
    assert _headings(page) == headings
    assert _title(page).startswith(title + " \N{EN DASH} ")


def test_an_exported_html_page_keeps_its_own_heading(project_dir: Path, run: Run) -> None:
    source = (
        "<html><head><title>Radiology day | Medsquare</title></head><body>"
        '<article>\n<h1 class="entry-title">Radiology <em>day</em></h1>\n<p>Text.</p>'
        "</article></body></html>"
    )
    page = _french_page(project_dir, run, "day.html", source, translated=True)
    assert _headings(page) == [("RADIOLOGY DAY", None)]
    assert '<h1 class="entry-title">RADIOLOGY <em>DAY</em></h1>' in page
    assert _title(page).startswith("RADIOLOGY DAY | MEDSQUARE \N{EN DASH} ")


def test_an_untranslated_own_heading_falls_back_to_english(project_dir: Path, run: Run) -> None:
    page = _french_page(project_dir, run, "post.md", "# Hello *world*\n\nB.\n", translated=False)
    assert _headings(page) == [("Hello world", "en")]
    assert _title(page).startswith("Hello world \N{EN DASH} ")


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    root.mkdir()
    return root


ARABIC_UI = REPOSITORY / "locales" / "ar" / "LC_MESSAGES" / "ui.po"


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [
        (1, "مدة القراءة: دقيقة واحدة"),
        (2, "مدة القراءة: دقيقتان"),
        (3, "مدة القراءة: 3 دقائق"),
        (10, "مدة القراءة: 10 دقائق"),
        (11, "مدة القراءة: 11 دقيقة"),
        (100, "مدة القراءة: 100 دقيقة"),
        (103, "مدة القراءة: 103 دقائق"),
    ],
)
def test_arabic_takes_each_of_its_six_plural_forms(minutes: int, shown: str) -> None:
    """The shipped catalog's Plural-Forms picks the form; forms that only one number takes
    (one, two) say the number in words, as GNU gettext allows."""
    ui = UiTranslations(read_catalog(ARABIC_UI, "ui.po"))
    environment = create_environment(REPOSITORY / "templates", ui)
    template = environment.from_string(
        "{% trans num=minutes %}{{ num }} min read{% pluralize %}{{ num }} min read{% endtrans %}"
    )
    assert template.render(minutes=minutes) == shown
    assert ui.fallbacks == []


def _catalog_with_forms(path: Path, forms: list[str]) -> Path:
    lines = [
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Language: ar\\n"',
        f'"Plural-Forms: {parse_language("ar").plural_forms}\\n"',
        "",
        "#, python-format",
        'msgid "%(num)s min read"',
        'msgid_plural "%(num)s min read"',
        *(f'msgstr[{index}] "{text}"' for index, text in enumerate(forms)),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


ARABIC_FORMS = ["صفر", "دقيقة واحدة", "دقيقتان", "%(num)s دقائق", "%(num)s دقيقة", "%(num)s دقيقة"]


@pytest.mark.parametrize(
    ("dropped_in", "accepted"),
    [(None, True), (0, True), (1, True), (2, True), (3, False), (4, False), (5, False)],
)
def test_dropping_the_number_is_allowed_where_msgfmt_allows_it(
    tmp_path: Path, dropped_in: int | None, accepted: bool
) -> None:
    """Arabic's forms for 0, 1 and 2 each take one number, so may leave it out; the others
    may not. check and the pages agree with GNU msgfmt -c on every form."""
    forms = [f"%(num)s {text}" if index < 3 else text for index, text in enumerate(ARABIC_FORMS)]
    if dropped_in is not None:
        forms[dropped_in] = forms[dropped_in].replace("%(num)s ", "")
    path = _catalog_with_forms(tmp_path / "ui.po", forms)
    msgfmt = require_tool("msgfmt")
    checked = subprocess.run([msgfmt, "-c", "-o", os.devnull, str(path)], capture_output=True)
    assert (checked.returncode == 0) == accepted, checked.stderr
    catalog = read_catalog(path, "ui.po")
    assert (check_placeholders(catalog, PurePosixPath("ui.po")) == []) == accepted
    ui = UiTranslations(catalog)
    for count in (0, 1, 2, 5, 11, 100):
        ui.ngettext("%(num)s min read", "%(num)s min read", count)
    assert (ui.fallbacks == []) == accepted


# --- hostile theme translations ----------------------------------------------------------------

BYLINE = "Written by %(author)s · %(date)s"
BYLINE_TEMPLATE = (
    "{% trans author=author, date=date %}Written by {{ author }} · {{ date }}{% endtrans %}"
)


def _quoted(text: str) -> str:
    """A PO string: JSON's escapes of quotes and backslashes are PO's."""
    return json.dumps(text, ensure_ascii=False)


def _ui_catalog(path: Path, entries: list[tuple[str, str]]) -> Path:
    """A French ui.po with these (msgid, msgstr) entries, each python-format."""
    lines = [
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Language: fr\\n"',
        f'"Plural-Forms: {parse_language("fr").plural_forms}\\n"',
    ]
    for msgid, msgstr in entries:
        lines += [
            "",
            "#, python-format",
            f"msgid {_quoted(msgid)}",
            f"msgstr {_quoted(msgstr)}",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _entry_line(path: Path, msgid: str) -> int:
    catalog = read_catalog(path, path.name)
    return int(next(entry.linenum for entry in catalog if entry.msgid == msgid))


@pytest.mark.parametrize(
    ("translation", "problem"),
    [
        ("Par %(author)900000000s · %(date)s", "%(author)900000000s is not a placeholder"),
        ("Par %(author)s · %(date)0999999d", "%(date)0999999d is not a placeholder"),
        ("Par %(author)s · %(date).99999999f", "%(date).99999999f is not a placeholder"),
        ("Par %(author)-20s · %(date)s", "%(author)-20s is not a placeholder"),
        ("Par %*d %(author)s %(date)s", "%*d is not a placeholder"),
        ("Par %.*s %(author)s %(date)s", "%.*s is not a placeholder"),
        ("Par %s", "%s is not a placeholder"),
        ("Par %(author)r · %(date)s", "%(author)r is not a placeholder"),
        ("Par %(author)s%(author)s · %(date)s", "%(author)s appears 2 times"),
        ("Par %(author)s · %(date)s" + " %(author)s" * 5000, "%(author)s appears 5001 times"),
        ("Par %(author)s · %(date)s, 100% sûr", "% s is not a placeholder"),
        ("Par %(author)s · %(date)s à 100%", "a % starts no placeholder"),
        ("Par %(author)s", "leaves out %(date)s"),
    ],
)
def test_a_placeholder_the_source_lacks_is_refused_and_never_expanded(
    tmp_path: Path, translation: str, problem: str
) -> None:
    """GNU msgfmt -c accepts a width or a precision; formatting one can write gigabytes, and
    the theme's strings need none, so only the source's own placeholders, as often as it has
    them, are accepted."""
    path = _ui_catalog(tmp_path / "ui.po", [("News", "Actualités"), (BYLINE, translation)])
    catalog = read_catalog(path, "ui.po")
    [found] = check_placeholders(catalog, PurePosixPath("ui.po"))
    assert found.severity is Severity.ERROR and problem in found.message
    assert found.location == Location(PurePosixPath("ui.po"), _entry_line(path, BYLINE))
    ui = UiTranslations(catalog)
    environment = create_environment(tmp_path, ui)
    shown = environment.from_string(BYLINE_TEMPLATE).render(author="Karen", date="5 nov.")
    assert shown == "Written by Karen · 5 nov." and ui.fallbacks == [BYLINE]


@pytest.mark.parametrize(
    "translation", ["%(date)s, par %(author)s", "Par %(author)s · %(date)s · 100 %% lu"]
)
def test_placeholders_may_move_and_percent_signs_be_escaped(
    tmp_path: Path, translation: str
) -> None:
    path = _ui_catalog(tmp_path / "ui.po", [(BYLINE, translation)])
    catalog = read_catalog(path, "ui.po")
    assert check_placeholders(catalog, PurePosixPath("ui.po")) == []
    environment = create_environment(tmp_path, UiTranslations(catalog))
    shown = environment.from_string(BYLINE_TEMPLATE).render(author="Karen", date="5 nov.")
    assert shown == translation % {"author": "Karen", "date": "5 nov."}


def test_a_translation_with_a_width_is_refused_by_check_and_not_built(
    project: Path, run: Run
) -> None:
    path = project / "locales" / "fr" / "LC_MESSAGES" / "ui.po"
    msgid = "Written by %(author)s · %(date)s · In %(category)s"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('"Rédigé par %(author)s', '"Rédigé par %(author)900000000s'), "utf-8"
    )
    checked = run("-C", project, "check")
    line = _entry_line(path, msgid)
    assert checked.exit_code == 1
    assert (
        f"locales/fr/LC_MESSAGES/ui.po:{line}: error: %(author)900000000s is not a placeholder"
        " of the source" in checked.output
    )
    assert run("-C", project, "build").exit_code == 0
    page = (project / "site" / "fr" / "idor2020" / "index.html").read_text(encoding="utf-8")
    assert "Written by <bdi>Karen Frangie</bdi>" in page and len(page) < 100_000


def test_theme_translations_reach_templates_escaped(tmp_path: Path) -> None:
    """A project's template may mark text safe or turn autoescape off: what a translator
    wrote is escaped already, once."""
    hostile = '<script>alert(1)</script>"'
    path = _ui_catalog(tmp_path / "ui.po", [("News", hostile)])
    environment = create_environment(tmp_path, UiTranslations(read_catalog(path, "ui.po")))
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&#34;"
    for template in (
        "{{ _('News') }}",
        "{{ _('News')|safe }}",
        "{% autoescape false %}{{ _('News') }}{% endautoescape %}",
        "{% autoescape false %}{{ _('News')|safe }}{% endautoescape %}",
    ):
        assert environment.from_string(template).render() == escaped


def test_front_matter_text_reaches_templates_escaped(tmp_path: Path) -> None:
    environment = create_environment(tmp_path, UiTranslations(None))
    title = Localized('</title><script>alert("x")</script>', fallback=False)
    assert isinstance(title.text, Markup)
    escaped = "&lt;/title&gt;&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"
    for template in (
        "{{ title.text }}",
        "{{ title.text|safe }}",
        "{% autoescape false %}{{ title.text }}{% endautoescape %}",
    ):
        assert environment.from_string(template).render(title=title) == escaped
    assert escape(title.text) == escaped  # the feed escapes it again: nothing changes
    assert Localized(title.text, fallback=False) == title


def test_xml_text_is_well_formed_whatever_the_text_holds() -> None:
    every_character = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000)
    for text in (every_character, Markup("&lt;ok&gt;"), "\ud800 lone surrogate", "]]>&<'\""):
        ElementTree.fromstring(f"<title>{xml_text(text)}</title>")
        ElementTree.fromstring(f'<link href="{xml_text(text)}"/>')
    assert xml_text("a\x00b\x0c<c>") == "a\ufffdb\ufffd&lt;c&gt;"
    assert xml_text(Markup("&lt;c&gt;")) == "&lt;c&gt;"


# --- Plural-Forms -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("plural_forms", "says"),
    [
        ("nplurals=2; plural=n/0;", "divides by zero for n = 0"),
        ("nplurals=2; plural=n%0;", "divides by zero for n = 0"),
        ("nplurals=2; plural=n % (n - 7) == 0;", "divides by zero for n = 7"),
        ("nplurals=2; plural=n+;", "not valid C: unexpected end of plural form"),
        ('nplurals=2; plural=__import__("os").system("touch owned");', "not valid C"),
        ("nplurals=2; plural=n.__class__;", "not valid C"),
        ("nplurals=2; plural=n+!0;", "not valid C: invalid syntax"),
        ("nplurals=2; plural=n;", "gives form 2 for n = 2, but nplurals is 2"),
        ("nplurals=2; plural=0-1;", "gives form -1 for n = 0"),
        ("nplurals=2; plural=" + "(" * 30 + "n != 1" + ")" * 30 + ";", "too complex"),
        ("nplurals=2; plural=" + "n + " * 300 + "0;", "too long"),
        ("nplurals=0; plural=0;", "nplurals=0"),
        ("nplurals=2;", "must say nplurals=NUMBER; plural=EXPRESSION;"),
    ],
)
def test_a_broken_plural_forms_is_an_error_and_shows_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, plural_forms: str, says: str
) -> None:
    monkeypatch.chdir(tmp_path)
    forms = ["%(num)s minute", "%(num)s minutes"]
    path = _catalog_with_forms(tmp_path / "ui.po", forms).read_text(encoding="utf-8")
    header = f'"Plural-Forms: {parse_language("ar").plural_forms}\\n"'
    text = path.replace(header, _quoted(f"Plural-Forms: {plural_forms}\n"))
    (tmp_path / "ui.po").write_text(text, encoding="utf-8")
    catalog = read_catalog(tmp_path / "ui.po", "ui.po")
    line = header_field_line(text, "Plural-Forms")
    [problem] = check_plural_forms(catalog, PurePosixPath("ui.po"), line)
    assert problem.severity is Severity.ERROR and says in problem.message
    assert problem.location == Location(PurePosixPath("ui.po"), 5)
    with pytest.raises(PluralFormsError):
        parse_plural_forms(plural_forms)
    ui = UiTranslations(catalog)
    for count in (0, 1, 2, 7, 1000):
        shown = ui.ngettext("%(num)s min read", "%(num)s min read", count)
        assert shown == "%(num)s min read"
    assert not (tmp_path / "owned").exists()


def test_a_plural_rule_that_breaks_beyond_the_numbers_check_tries_shows_english() -> None:
    """msgfmt and check try the numbers up to 1000; a page may show any number."""
    rule = parse_plural_forms("nplurals=2; plural=n == 5000 ? n / 0 : n == 6000 ? 9 : n != 1;")
    assert [rule.form(count) for count in (1, 2, 5000, 6000)] == [0, 1, None, None]
    catalog = polib.POFile()
    catalog.metadata = {"Plural-Forms": "nplurals=2; plural=n == 5000 ? n / 0 : n != 1;"}
    catalog.append(
        polib.POEntry(
            msgid="%(num)s min read",
            msgid_plural="%(num)s min read",
            msgstr_plural={0: "%(num)s minute", 1: "%(num)s minutes"},
        )
    )
    ui = UiTranslations(catalog)
    assert ui.ngettext("%(num)s min read", "%(num)s min read", 4999) == "%(num)s minutes"
    assert ui.ngettext("%(num)s min read", "%(num)s min read", 5000) == "%(num)s min read"


def test_no_plural_forms_is_gnus_default() -> None:
    assert parse_plural_forms("") == GERMANIC_PLURAL
    assert check_plural_forms(polib.POFile(), PurePosixPath("ui.po"), 1) == []


def test_a_broken_plural_forms_is_reported_on_its_line_and_the_page_built(
    project: Path, run: Run
) -> None:
    path = project / "locales" / "fr" / "LC_MESSAGES" / "ui.po"
    text = path.read_text(encoding="utf-8")
    start = text.index('"Plural-Forms:')
    end = text.index("\\n", start)
    path.write_text(text[:start] + '"Plural-Forms: nplurals=3; plural=n/0;' + text[end:], "utf-8")
    line = text[:start].count("\n") + 1
    checked = run("-C", project, "check")
    assert checked.exit_code == 1
    message = "error: the plural expression divides by zero for n = 0 [header]"
    assert f"locales/fr/LC_MESSAGES/ui.po:{line}: {message}" in checked.output
    built = run("-C", project, "build")
    assert built.exit_code == 0, built.output
    page = (project / "site" / "fr" / "idor2020" / "index.html").read_text(encoding="utf-8")
    assert '<p class="reading-time"><span lang="en">2 min read</span></p>' in page
    assert "Partager l\N{RIGHT SINGLE QUOTATION MARK}article" in page
    ui_line = _entry_line(path, "%(num)s min read")
    assert (
        f"warning: locales/fr/LC_MESSAGES/ui.po:{ui_line}: shown in English: the catalog's"
        " Plural-Forms does not choose a form" in built.output
    )


# --- template overrides that fail while rendering ----------------------------------------------


@pytest.mark.parametrize(
    ("templates", "where", "says"),
    [
        pytest.param(
            {"post.html": '{% extends "base.html" %}{% block main %}\n{{ 1 // 0 }}{% endblock %}'},
            "templates/post.html:2",
            "rendering failed with ZeroDivisionError: integer division or modulo by zero",
            id="division by zero",
        ),
        pytest.param(
            {"post.html": "\n\n{{ no_such_variable }}"},
            "templates/post.html:3",
            "'no_such_variable' is undefined",
            id="undefined variable",
        ),
        pytest.param(
            {"post.html": "{{ post.title.text.nothing() }}"},
            "templates/post.html:1",
            "has no attribute 'nothing'",
            id="undefined attribute",
        ),
        pytest.param(
            {"post.html": '{% extends "post.html" %}'},
            "templates/post.html:1",
            "extends or includes itself",
            id="extends itself",
        ),
        pytest.param(
            {"post.html": '\n{% include "loop.html" %}', "loop.html": '{% include "post.html" %}'},
            "templates/",
            "extends or includes itself",
            id="include loop",
        ),
        pytest.param(
            {"post.html": "{% macro again(n) %}{{ again(n + 1) }}{% endmacro %}\n{{ again(0) }}"},
            "templates/post.html:1",
            "a macro calls itself without end",
            id="endless macro",
        ),
    ],
)
def test_a_template_that_fails_while_rendering_is_one_line(
    project: Path, run: Run, templates: dict[str, str], where: str, says: str
) -> None:
    (project / "templates").mkdir()
    for name, text in templates.items():
        (project / "templates" / name).write_text(text, encoding="utf-8")
    result = run("-C", project, "build")
    assert result.exit_code == 2
    assert result.output.startswith(f"localize-post: {where}") and says in result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert not (project / "site").exists()


def test_an_included_template_that_is_not_utf8_is_named_as_such(project: Path, run: Run) -> None:
    (project / "templates").mkdir()
    (project / "templates" / "post.html").write_text('{% include "part.html" %}')
    (project / "templates" / "part.html").write_bytes(b"\n\xe9t\xe9")
    result = run("-C", project, "build")
    assert result.exit_code == 2
    assert result.output == "localize-post: templates/part.html:2: not valid UTF-8\n"


# --- marks: English shown on a translated page, a preview's suggestions ------------------------


def test_a_theme_string_in_english_is_marked_in_text_and_left_bare_elsewhere(
    tmp_path: Path,
) -> None:
    """An attribute, a comment and a <title> cannot hold an element: there the English stays
    as it is; in text it is a span saying its language, isolated on a right-to-left page."""
    path = _ui_catalog(tmp_path / "ui.po", [("Share on %(network)s", "")])
    template = (
        "<title>{{ _('News') }}</title><!-- {{ _('News') }} -->"
        "<a title=\"{{ _('News') }}\" href=\"x\">{{ _('News') }}</a>"
        "<p>{{ _('Share on %(network)s', network='<b>') }}</p>"
    )
    for right_to_left, marks in ((False, ' lang="en"'), (True, ' lang="en" dir="ltr"')):
        ui = UiTranslations(read_catalog(path, "ui.po"), True, False, right_to_left)
        rendered = create_environment(tmp_path, ui).from_string(template).render()
        assert ui.finish(rendered) == (
            "<title>News</title><!-- News -->"
            f'<a title="News" href="x"><span{marks}>News</span></a>'
            f"<p><span{marks}>Share on &lt;b&gt;</span></p>"
        )
    # the source language's page, and a library user who never finishes a page: no marks
    ui = UiTranslations(read_catalog(path, "ui.po"))
    assert create_environment(tmp_path, ui).from_string(template).render() == (
        '<title>News</title><!-- News --><a title="News" href="x">News</a><p>Share on &lt;b&gt;</p>'
    )


def test_no_translation_can_forge_a_mark(tmp_path: Path) -> None:
    """Marks carry a number each build draws at random, so the private-use characters they
    use stay text in a translation."""
    forged = "\uf8f0123:1\uf8f1Actualités\uf8f0123:0\uf8f1"
    path = _ui_catalog(tmp_path / "ui.po", [("News", forged)])
    ui = UiTranslations(read_catalog(path, "ui.po"), True)
    rendered = create_environment(tmp_path, ui).from_string("<p>{{ _('News') }}</p>").render()
    assert ui.finish(rendered) == f"<p>{forged}</p>"


def test_a_preview_marks_a_fuzzy_theme_string_with_its_english(tmp_path: Path) -> None:
    path = _ui_catalog(tmp_path / "ui.po", [("News", "Actualités")])
    path.write_text(
        path.read_text("utf-8").replace('#, python-format\nmsgid "News"', '#, fuzzy\nmsgid "News"')
    )
    template = "<h1>{{ _('News') }}</h1><a title=\"{{ _('News') }}\"></a>"
    reviewed_only = UiTranslations(read_catalog(path, "ui.po"), True)
    shown = create_environment(tmp_path, reviewed_only).from_string(template).render()
    assert reviewed_only.finish(shown) == '<h1><span lang="en">News</span></h1><a title="News"></a>'
    preview = UiTranslations(read_catalog(path, "ui.po"), True, preview=True)
    shown = create_environment(tmp_path, preview).from_string(template).render()
    assert preview.finish(shown) == (
        '<h1><span class="suggestion" title="News">Actualités</span></h1><a title="Actualités"></a>'
    )


@pytest.mark.parametrize(
    ("element", "marked"),
    [
        ("<p>", '<p class="suggestion" title="Hello">'),
        ('<p class="lead">', '<p class="lead suggestion" title="Hello">'),
        ("<li class='task done'>", '<li class="task done suggestion" title="Hello">'),
        ('<h2 id="x" title="Own">', '<h2 id="x" title="Own" class="suggestion">'),
    ],
)
def test_a_suggestions_marks_join_the_elements_own_attributes(element: str, marked: str) -> None:
    assert with_marks(element, suggestion_marks("Hello")) == marked


def test_an_exported_heading_with_a_permalink_is_still_the_pages_heading(
    project_dir: Path, run: Run
) -> None:
    (project_dir / "source").mkdir()
    (project_dir / "source" / "post.html").write_text(
        "<html><head><title>Radiology day | Medsquare</title></head><body><article>"
        '<h1 id="day">Radiology day<a class="headerlink" href="#day">¶</a></h1>'
        "<p>Text.</p></article></body></html>\n",
        encoding="utf-8",
    )
    assert run("-C", project_dir, "build").exit_code == 0
    page = (project_dir / "site" / "en" / "post" / "index.html").read_text(encoding="utf-8")
    assert page.count("<h1") == 1
    assert '<a class="headerlink" href="#day">¶</a></h1>' in page
