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
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from localize_post.catalogs import FUZZY, post_template
from localize_post.config import Config
from localize_post.document import Document
from localize_post.importing import align, import_into
from localize_post.locales import parse_language
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
    for row in rows:
        english_path = row["english_source_path"]
        if row["status_vs_HEAD"] == "stale":
            english_path = row["english_as_translated(if stale)"]
            if not (corpus / english_path).is_file():
                continue
        english = parse(corpus / english_path, english_path)
        translated = parse(corpus / row["translation_path"], row["translation_path"])
        tallies[row["lang"]].add(measure(english, translated, row["lang"]))
    print(f"{'language':<8}{'files':>6}{'segments':>10}{'aligned':>10}{'certain':>10}", end="")
    print(f"{'imported':>10}{'fuzzy':>10}")
    total = Tally()
    for language, tally in sorted(tallies.items(), key=lambda item: -item[1].files):
        print(tally.row(language))
        total.add(tally)
    print(total.row("all"))


if __name__ == "__main__":
    main()
