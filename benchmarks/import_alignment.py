"""How well `import` aligns the OpenTelemetry blog's human translations with their English.

Each translation is aligned with the English it was made from: the English post as it is now
for an up-to-date translation, the English at its `default_lang_commit` for a stale one (the one
stale translation whose English was renamed since has none, and is left out). Per language:

- segments: English segments (front-matter fields and body),
- aligned: the share of them the alignment pairs with a translated segment,
- certain: the share paired where the structure around them pins the pair down,
- imported: the share of catalog entries that receive a translation (a pair's translation is
  refused when it is the English text or its inline tags differ),
- fuzzy: the share of catalog entries imported fuzzy, for a translator to confirm.

    python benchmarks/import_alignment.py [--corpus ../shared/corpus/opentelemetry-blog]

Where po4a is installed (Debian: `apt-get install po4a`), po4a-gettextize runs on the same pairs
side by side: it converts a file only when both documents have the same structure, and marks
every entry it converts fuzzy. Its entry counts differ from ours (it splits blocks its own way),
so compare shares.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import polib

from localize_post.catalogs import FUZZY, post_template
from localize_post.config import Config
from localize_post.document import Document
from localize_post.importing import align, import_into
from localize_post.locales import parse_language
from localize_post.sources.frontmatter import split_front_matter
from localize_post.sources.markdown import parse_markdown

REPOSITORY = Path(__file__).resolve().parent.parent
FIELDS = Config(root=REPOSITORY).fields


@dataclass(slots=True)
class Tally:
    files: int = 0
    segments: int = 0
    aligned: int = 0
    certain: int = 0
    entries: int = 0
    imported: int = 0
    fuzzy: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__slots__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def row(self, name: str) -> str:
        def share(part: int, whole: int) -> str:
            return f"{part / whole:.1%}" if whole else "-"

        return (
            f"{name:<8}{self.files:>6}{self.segments:>10}"
            f"{share(self.aligned, self.segments):>10}{share(self.certain, self.segments):>10}"
            f"{share(self.imported, self.entries):>10}{share(self.fuzzy, self.entries):>10}"
        )


def parse(path: Path, shown: str) -> Document:
    return parse_markdown(path.read_text(encoding="utf-8"), PurePosixPath(shown), "post", FIELDS)


def measure(english: Document, translated: Document, language: str) -> Tally:
    created = datetime.now(UTC)
    template = post_template([english], "benchmark", "", created, "post")
    pairs = align(english, translated)
    catalog, counts = import_into(
        template, english, translated, parse_language(language), created, "translation"
    )
    entries = [entry for entry in catalog if not entry.obsolete]
    return Tally(
        files=1,
        segments=len(english.segments),
        aligned=len(pairs),
        certain=sum(1 for pair in pairs if pair.certain),
        entries=len(entries),
        imported=counts.imported,
        fuzzy=sum(1 for entry in entries if entry.msgstr and FUZZY in entry.flags),
    )


def po4a(english: Path, translation: Path) -> tuple[int, int, int]:
    """po4a-gettextize on one pair's bodies: (converted, entries, entries with a translation).

    The front matter is left out: the translations add keys of their own (default_lang_commit),
    and po4a refuses any pair whose structures differ, so with it po4a converts nothing.
    """
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for name, path in (("en.md", english), ("tr.md", translation)):
            text = path.read_text(encoding="utf-8")
            body = split_front_matter(text, PurePosixPath(path.name)).body
            (work / name).write_text(body, encoding="utf-8")
        options = ["-f", "text", "-o", "markdown", "-M", "utf-8", "-L", "utf-8"]
        result = subprocess.run(
            ["po4a-gettextize", *options, "-m", "en.md", "-l", "tr.md", "-p", "out.po"],
            capture_output=True,
            cwd=work,
        )
        if result.returncode != 0 or not (work / "out.po").is_file():
            return 0, 0, 0
        entries = [entry for entry in polib.pofile(str(work / "out.po")) if entry.msgid]
        return 1, len(entries), sum(1 for entry in entries if entry.msgstr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus", type=Path, default=REPOSITORY.parent / "shared/corpus/opentelemetry-blog"
    )
    corpus = parser.parse_args().corpus
    if not (corpus / "TRANSLATIONS.tsv").is_file():
        sys.exit(f"no corpus at {corpus}")
    with (corpus / "TRANSLATIONS.tsv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream, delimiter="\t"))
    tallies: dict[str, Tally] = defaultdict(Tally)
    peer = [0, 0, 0]  # files converted, entries, entries translated
    has_po4a = shutil.which("po4a-gettextize") is not None
    for row in rows:
        english_path = row["english_source_path"]
        if row["status_vs_HEAD"] == "stale":
            english_path = row["english_as_translated(if stale)"]
            if not (corpus / english_path).is_file():
                continue
        english = parse(corpus / english_path, english_path)
        translated = parse(corpus / row["translation_path"], row["translation_path"])
        tallies[row["lang"]].add(measure(english, translated, row["lang"]))
        if has_po4a:
            found = po4a(corpus / english_path, corpus / row["translation_path"])
            peer = [sum(pair) for pair in zip(peer, found, strict=True)]
    print(f"{'language':<8}{'files':>6}{'segments':>10}{'aligned':>10}{'certain':>10}", end="")
    print(f"{'imported':>10}{'fuzzy':>10}")
    total = Tally()
    for language, tally in sorted(tallies.items(), key=lambda item: -item[1].files):
        print(tally.row(language))
        total.add(tally)
    print(total.row("all"))
    if has_po4a:
        converted, entries, translated_entries = peer
        print(
            f"\npo4a-gettextize, bodies only: converted {converted} of {total.files} files;"
            f" {translated_entries} of their {entries} entries have a translation, all fuzzy"
        )


if __name__ == "__main__":
    main()
