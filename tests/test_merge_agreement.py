"""Agreement with GNU msgmerge on real, human-translated catalogs (../shared/corpus/po).

The Japanese catalog of Google's Comprehensive Rust was updated upstream by ``msgmerge``; the
corpus holds it before and after, and the template that produced it. Our merge of the same
two inputs must decide as msgmerge did (translated, fuzzy, untranslated, obsolete) for at
least 99 % of the entries, with the same translations and flags. Where msgmerge is installed,
more real catalogs are merged by both, ``--previous`` included, and compared the same way.
"""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import polib
import pytest

from agreement import Agreement, compare
from localize_post.catalogs import (
    merge,
    parse_catalog,
    post_template,
    read_catalog,
    template_of,
    write_catalog,
)
from localize_post.locales import parse_language
from localize_post.sources.markdown import parse_markdown

from conftest import SHARED, require_shared, require_tool

NOW = datetime(2024, 11, 25, tzinfo=UTC)
RUST = "corpus/po/ja/comprehensive-rust"
AGREEMENT = 0.99


def _assert_agreement(agreement: Agreement) -> None:
    total, agreed = agreement.total, agreement.agreed
    summary = ", ".join(f"{kind} {agreed[kind]}/{count}" for kind, count in sorted(total.items()))
    details = "\n".join(agreement.disagreements[:20])
    assert agreement.share >= AGREEMENT, f"{agreement.share:.2%} ({summary}):\n{details}"
    for kind, count in total.items():
        assert agreed[kind] >= AGREEMENT * count, f"{kind}: {summary}"


def test_merge_decides_as_msgmerge_did_upstream() -> None:
    folder = require_shared(RUST)
    before = read_catalog(folder / "ja.before-msgmerge.po", "ja.before-msgmerge.po")
    template = read_catalog(folder / "messages.DERIVED-from-ja.after.pot", "messages.pot")
    after = read_catalog(folder / "ja.after-msgmerge.po", "ja.after-msgmerge.po")
    merged = merge(template, before, parse_language("ja"), NOW)
    # Upstream ran msgmerge without --previous, so the previous msgids cannot be compared here.
    agreement = compare(merged, after, previous=False)
    total = agreement.total
    assert sum(total.values()) > 4000 and total["fuzzy"] > 400 and total["obsolete"] > 600
    _assert_agreement(agreement)
    assert merged.metadata["POT-Creation-Date"] == after.metadata["POT-Creation-Date"]


# (language, old catalog, catalog whose msgids make the new template): real catalogs of other
# versions of the same project, so that many entries change, move, appear and disappear.
PAIRS = [
    ("ja", "ja/comprehensive-rust/ja.before-msgmerge.po", "zh_CN/comprehensive-rust/zh-CN.po"),
    ("fa", "fa/comprehensive-rust/fa.po", "ja/comprehensive-rust/ja.after-msgmerge.po"),
    (
        "fr",
        "fr/python-docs-fr/3.12/tutorial/introduction.po",
        "fr/python-docs-fr/3.13/tutorial/introduction.po",
    ),
    ("ja", "ja/django-allauth/LC_MESSAGES/django.po", "ar/django-allauth/LC_MESSAGES/django.po"),
    (
        "fa",
        "fa/sphinx_rtd_theme/fa_IR/LC_MESSAGES/sphinx.po",
        "zh_CN/sphinx_rtd_theme/LC_MESSAGES/sphinx.po",
    ),
]


@pytest.mark.parametrize(("language", "old", "new"), PAIRS, ids=[pair[1] for pair in PAIRS])
def test_merge_agrees_with_msgmerge_previous(
    tmp_path: Path, language: str, old: str, new: str
) -> None:
    msgmerge = require_tool("msgmerge")
    corpus = require_shared("corpus/po")
    template = template_of(read_catalog(corpus / new, new))
    template.save(str(tmp_path / "new.pot"))
    result = subprocess.run(
        [msgmerge, "-q", "--previous", "-o", "-", str(corpus / old), str(tmp_path / "new.pot")],
        capture_output=True,
        text=True,
        check=True,
    )
    expected = parse_catalog(result.stdout, "msgmerge output")
    merged = merge(
        read_catalog(tmp_path / "new.pot", "new.pot"),
        read_catalog(corpus / old, old),
        parse_language(language),
        NOW,
    )
    _assert_agreement(compare(merged, expected, previous=True))
    assert [entry.msgid for entry in merged if not entry.obsolete] == [
        entry.msgid for entry in expected if not entry.obsolete
    ]


OTEL = "corpus/opentelemetry-blog"


def _stale_pairs() -> list[tuple[str, str]]:
    """(English as a translator last saw it, English now) for each real stale translation of
    the OpenTelemetry blog whose older English the corpus keeps, each pair once."""
    listing = SHARED / OTEL / "TRANSLATIONS.tsv"
    if not listing.is_file():  # one case, which require_shared skips, or fails under CI
        return [("missing", "missing")]
    rows = listing.read_text(encoding="utf-8").splitlines()[1:]
    pairs = {
        (fields[6], fields[2])
        for fields in (row.split("\t") for row in rows)
        if fields[5] == "stale" and fields[6].startswith("en-at-default_lang_commit/")
    }
    return sorted(pairs)


def _post_catalog(corpus: Path, relative: str) -> polib.POFile:
    document = parse_markdown(
        (corpus / relative).read_text(encoding="utf-8"),
        PurePosixPath("source/post.md"),  # the same path for both versions, as in a project
        "post",
        ("title", "description"),
    )
    return post_template([document], "OpenTelemetry blog", "", NOW, "post")


@pytest.mark.parametrize(("old", "new"), _stale_pairs())
def test_real_edits_to_a_post_merge_as_msgmerge_merges_them(
    tmp_path: Path, old: str, new: str
) -> None:
    """The English of a real post as a translator saw it and as it is now: a catalog translated
    against the old version, merged into the new one's template, by us and by msgmerge."""
    msgmerge = require_tool("msgmerge")
    corpus = require_shared(OTEL)
    translated = _post_catalog(corpus, old)
    for entry in translated:
        entry.msgstr = f"«{entry.msgid}»"
    template = _post_catalog(corpus, new)
    write_catalog(tmp_path / "old.po", translated)
    write_catalog(tmp_path / "new.pot", template)
    result = subprocess.run(
        [
            msgmerge,
            "-q",
            "--previous",
            "-o",
            "-",
            str(tmp_path / "old.po"),
            str(tmp_path / "new.pot"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    expected = parse_catalog(result.stdout, "msgmerge output")
    merged = merge(template, translated, parse_language("es"), NOW)
    agreement = compare(merged, expected, previous=True)
    assert agreement.total["translated"] > 0
    _assert_agreement(agreement)
    kept = {entry.msgstr for entry in merged if entry.msgstr}
    assert {entry.msgstr for entry in translated} <= kept  # no translation lost
