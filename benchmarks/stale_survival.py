"""How many translations survive real edits to English posts: localize-post against its peers.

The OpenTelemetry blog corpus keeps, for each stale human translation, the English the
translator worked from and the English as it is now. Upstream edits are often to things a
translator never touches: a URL in a link definition, a code block, front matter. Each tool
extracts both versions; a translation survives when its msgid is still in the new template,
so it stays translated after ``msgmerge``. One that does not becomes fuzzy: a translator must
look at it again although nothing they wrote changed.

    python benchmarks/stale_survival.py [--corpus ../shared/corpus/opentelemetry-blog]

Peers that are not installed are skipped: `pip install mdpo translate-toolkit mistletoe`.
"""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import polib

REPOSITORY = Path(__file__).resolve().parent.parent

Extractor = Callable[[Path, Path], set[str]]


def msgids(pot: Path) -> set[str]:
    return {entry.msgid for entry in polib.pofile(str(pot)) if entry.msgid}


def ours(post: Path, work: Path) -> set[str]:
    project = work / "ours"
    (project / "source").mkdir(parents=True, exist_ok=True)
    (project / "source" / "post.md").write_bytes(post.read_bytes())
    subprocess.run(
        [sys.executable, "-m", "localize_post", "-C", str(project), "extract"],
        check=True,
        capture_output=True,
    )
    return msgids(project / "locales" / "post.pot")


def mdpo(post: Path, work: Path) -> set[str]:
    pot = work / "mdpo.pot"
    subprocess.run(
        [sys.executable, "-m", "mdpo.md2po", str(post), "-s", "-p", str(pot)],
        check=True,
        capture_output=True,
    )
    return msgids(pot)


def translate_toolkit(post: Path, work: Path) -> set[str]:
    pot = work / "ttk.pot"
    command = [sys.executable, "-m", "translate.convert.md2po", "--progress=none", "-P"]
    subprocess.run(
        [*command, "-i", str(post), "-o", str(pot)],
        check=True,
        capture_output=True,
    )
    return msgids(pot)


def stale_pairs(corpus: Path) -> list[tuple[Path, Path]]:
    rows = (corpus / "TRANSLATIONS.tsv").read_text(encoding="utf-8").splitlines()[1:]
    pairs = {
        (fields[6], fields[2])
        for fields in (row.split("\t") for row in rows)
        if fields[5] == "stale" and fields[6].startswith("en-at-default_lang_commit/")
    }
    return [(corpus / old, corpus / new) for old, new in sorted(pairs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus", type=Path, default=REPOSITORY.parent / "shared/corpus/opentelemetry-blog"
    )
    corpus = parser.parse_args().corpus
    if not (corpus / "TRANSLATIONS.tsv").is_file():
        sys.exit(f"no corpus at {corpus}")
    tools: dict[str, Extractor] = {"localize-post": ours}
    if importlib.util.find_spec("mdpo") is not None:
        tools["mdpo md2po"] = mdpo
    if importlib.util.find_spec("translate") and importlib.util.find_spec("mistletoe"):
        tools["Translate Toolkit md2po"] = translate_toolkit
    pairs = stale_pairs(corpus)
    print(f"{len(pairs)} (English as translated, English now) pairs from {corpus.name}\n")
    print(f"{'tool':<26}{'translated':>12}{'survive':>10}{'go fuzzy':>10}{'survival':>10}")
    for name, extract in tools.items():
        before_total = survived = 0
        for old, new in pairs:
            with tempfile.TemporaryDirectory() as folder:
                before = extract(old, Path(folder))
            with tempfile.TemporaryDirectory() as folder:
                after = extract(new, Path(folder))
            before_total += len(before)
            survived += len(before & after)
        share = survived / before_total if before_total else 0.0
        print(
            f"{name:<26}{before_total:>12}{survived:>10}{before_total - survived:>10}{share:>10.1%}"
        )


if __name__ == "__main__":
    main()
