"""How often ``update`` decides as GNU msgmerge does, on real human-translated catalogs.

1. The upstream pair: Comprehensive Rust's Japanese catalog before and after a real
   ``msgmerge`` (../shared/corpus/po/ja/comprehensive-rust), merged again here from the same
   inputs. Upstream ran without ``--previous``, so previous msgids are not compared.
2. With msgmerge installed, more real catalogs merged by both with ``--previous``, against
   templates made from other versions of the same projects; also whether our file is
   byte-for-byte the one msgmerge writes.

For each decision msgmerge made (translated, fuzzy, untranslated, obsolete), the share of
entries where ours is the same: same decision, msgstr, flags, translator comments and, with
``--previous``, previous msgid. Disagreements are listed.

    PYTHONPATH=src python benchmarks/msgmerge_agreement.py [--show 20]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from localize_post.catalogs import merge, parse_catalog, read_catalog, template_of
from localize_post.locales import parse_language
from localize_post.poformat import format_catalog

# The comparison the agreement test makes, so the benchmark measures what the test asserts.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from agreement import KINDS, Agreement, compare

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "po"
RUST = CORPUS / "ja" / "comprehensive-rust"
NOW = datetime(2024, 11, 25, tzinfo=UTC)

# (language, old catalog, catalog whose msgids make the new template)
PAIRS = [
    (
        "ja",
        "ja/comprehensive-rust/ja.before-msgmerge.po",
        "ja/comprehensive-rust/ja.after-msgmerge.po",
    ),
    ("ja", "ja/comprehensive-rust/ja.before-msgmerge.po", "zh_CN/comprehensive-rust/zh-CN.po"),
    ("fa", "fa/comprehensive-rust/fa.po", "ja/comprehensive-rust/ja.after-msgmerge.po"),
    ("ar", "ar/comprehensive-rust/ar.po", "ja/comprehensive-rust/ja.after-msgmerge.po"),
    ("zh-CN", "zh_CN/comprehensive-rust/zh-CN.po", "ja/comprehensive-rust/ja.after-msgmerge.po"),
    (
        "fr",
        "fr/python-docs-fr/3.12/tutorial/introduction.po",
        "fr/python-docs-fr/3.13/tutorial/introduction.po",
    ),
    ("ja", "ja/django-allauth/LC_MESSAGES/django.po", "ar/django-allauth/LC_MESSAGES/django.po"),
    ("he", "he/django-allauth/LC_MESSAGES/django.po", "ja/django-allauth/LC_MESSAGES/django.po"),
    (
        "fa",
        "fa/sphinx_rtd_theme/fa_IR/LC_MESSAGES/sphinx.po",
        "zh_CN/sphinx_rtd_theme/LC_MESSAGES/sphinx.po",
    ),
]


def _line(agreement: Agreement, kind: str) -> str:
    total, agreed = agreement.total[kind], agreement.agreed[kind]
    share = f"{agreed / total:8.2%}" if total else f"{'-':>8}"
    return f"  {kind:<13} {agreed:>6} / {total:<6} {share}"


def main(arguments: Sequence[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", type=int, default=20, help="disagreements listed per part")
    show = parser.parse_args(arguments).show
    if not RUST.is_dir():
        sys.exit(f"{CORPUS} is missing")
    print("1. Upstream msgmerge run, ja/comprehensive-rust (decision, msgstr, flags, comments)")
    upstream = _upstream()
    _report(upstream, show)
    msgmerge = shutil.which("msgmerge")
    if msgmerge is None:
        print("\n2. skipped: msgmerge is not installed")
        return
    print("\n2. msgmerge --previous, here, on real catalogs (previous msgids too)")
    overall = Agreement()
    with tempfile.TemporaryDirectory(prefix="agreement-") as folder:
        for language, old, new in PAIRS:
            agreement, identical = _with_msgmerge(msgmerge, Path(folder), language, old, new)
            overall.add(agreement)
            entries = sum(agreement.total.values())
            share = sum(agreement.agreed.values()) / entries
            print(
                f"  {old}\n    <- template of {new}: {entries} entries,"
                f" {share:.2%} agree, file {'identical' if identical else 'DIFFERS'}"
            )
    print("  all pairs:")
    _report(overall, show)


def _upstream() -> Agreement:
    before = read_catalog(RUST / "ja.before-msgmerge.po", "ja.before-msgmerge.po")
    template = read_catalog(RUST / "messages.DERIVED-from-ja.after.pot", "messages.pot")
    after = read_catalog(RUST / "ja.after-msgmerge.po", "ja.after-msgmerge.po")
    return compare(merge(template, before, parse_language("ja"), NOW), after, previous=False)


def _with_msgmerge(
    msgmerge: str, work: Path, language: str, old: str, new: str
) -> tuple[Agreement, bool]:
    template = work / "new.pot"
    template_of(read_catalog(CORPUS / new, new)).save(str(template))
    result = subprocess.run(
        [msgmerge, "-q", "--previous", "-o", "-", str(CORPUS / old), str(template)],
        capture_output=True,
        text=True,
        check=True,
    )
    merged = merge(
        read_catalog(template, "new.pot"),
        read_catalog(CORPUS / old, old),
        parse_language(language),
        NOW,
    )
    expected = parse_catalog(result.stdout, "msgmerge output")
    return compare(merged, expected, previous=True), format_catalog(merged) == result.stdout


def _report(agreement: Agreement, show: int) -> None:
    kinds = [*KINDS, *sorted(set(agreement.total) - set(KINDS))]
    for kind in kinds:
        print(_line(agreement, kind))
    entries, agreed = sum(agreement.total.values()), sum(agreement.agreed.values())
    print(f"  {'all':<13} {agreed:>6} / {entries:<6} {agreed / entries:8.2%}")
    print(f"  disagreements: {len(agreement.disagreements)}")
    for line in agreement.disagreements[:show]:
        print(f"    {line}")


if __name__ == "__main__":
    main(sys.argv[1:])
