"""Lines changed against the source when posts are written back translated: ours and peers'.

For each post of the shared corpus (OpenTelemetry's blog), every tool extracts its own catalog,
every entry gets the same translation, and the tool writes the post back. Two translations:
``identity`` (each msgstr its msgid: every changed line is churn) and ``upper`` (the letters of the
text upper-cased, markup, URLs and code left alone: only lines holding text should change).
Printed per tool: files byte-identical, source lines changed, and lines changed that hold no
text (writers/churn.py). Peers run when installed: Translate Toolkit's ``md2po``/``po2md`` and
mdpo's ``md2po``/``po2md`` (``--peers DIR``: a folder with their ``bin/``, a venv say).

    .venv/bin/python benchmarks/sources_churn.py [--limit N] [--peers /tmp/peers]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import polib

from localize_post.document import TAG_PATTERN
from localize_post.sources.markdown import parse_markdown
from localize_post.writers.churn import churn
from localize_post.writers.escaping import Flavor
from localize_post.writers.markdown import MarkdownContext, write_markdown
from localize_post.writers.translations import choose

CORPUS = Path(__file__).resolve().parents[2] / "shared/corpus/opentelemetry-blog/content/en/blog"
FIELDS = ("title", "description")
# What a translation leaves alone in a peer's msgid, which holds Markdown itself: code, URLs,
# link targets, HTML tags, shortcodes, entities.
_MARKUP = re.compile(
    r"(`[^`]*`|\]\([^)]*\)|\]\[[^\]]*\]|<[^>]*>|\{\{.*?\}\}|&\w+;|https?://\S+|\[\^[^\]]*\])"
)


def upper_tagged(msgid: str) -> str:
    """Ours: msgids hold tags; upper-case the text between them, not code."""
    pieces = re.split(r"(<code\d*>.*?</code\d*>|</?[a-z][a-z0-9]*/?>)", msgid)
    return "".join(
        piece if TAG_PATTERN.fullmatch(piece) or piece.startswith("<code") else piece.upper()
        for piece in pieces
    )


def upper_markdown(msgid: str) -> str:
    """Peers: msgids hold Markdown; upper-case what is not markup."""
    return "".join(
        piece if position % 2 else piece.upper()
        for position, piece in enumerate(_MARKUP.split(msgid))
    )


@dataclass
class Totals:
    files: int = 0
    identical: int = 0
    lines: int = 0
    changed: int = 0
    outside: int = 0
    failed: int = 0

    def add(self, source: str, written: str | None) -> None:
        self.files += 1
        if written is None:
            self.failed += 1
            return
        measured = churn(source, written, FIELDS)
        self.identical += written == source
        self.lines += measured.lines
        self.changed += measured.changed
        self.outside += measured.changed_outside_text

    def line(self, tool: str, translation: str) -> str:
        return (
            f"{tool:<28} {translation:<9} {self.identical:>4}/{self.files:<4} identical"
            f"  {self.changed:>6} of {self.lines} lines changed"
            f"  {self.outside:>6} outside text  {self.failed:>3} failed"
        )


def ours(source: str, path: PurePosixPath, translate: Callable[[str], str]) -> str:
    document = parse_markdown(source, path, str(path.with_suffix("")), FIELDS)
    catalog = polib.POFile()
    for segment in document.segments:
        catalog.append(
            polib.POEntry(
                msgctxt=segment.context, msgid=segment.text, msgstr=translate(segment.text)
            )
        )
    context = MarkdownContext(path, document.slug, FIELDS, Flavor.HUGO, {}, lambda url: None)
    return write_markdown(source, document, choose(document, catalog), context).text


def peer(
    extract: list[str],
    merge: Callable[[Path, Path, Path], list[str]],
    source: str,
    translate: Callable[[str], str],
) -> str | None:
    """A peer's round trip: extract its catalog, translate every entry, write the post back."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        post, catalog, out = work / "post.md", work / "post.po", work / "out.md"
        post.write_text(source, encoding="utf-8")
        run = subprocess.run([*extract, str(post), str(catalog)], capture_output=True, timeout=120)
        if run.returncode != 0 or not catalog.is_file():
            return None
        entries = polib.pofile(str(catalog))
        for entry in entries:
            entry.msgstr = translate(entry.msgid)
        entries.save(str(catalog))
        run = subprocess.run(merge(post, catalog, out), capture_output=True, timeout=120)
        if run.returncode != 0 or not out.is_file():
            return None
        return out.read_text(encoding="utf-8")


def _toolkit(python: Path, module: str) -> list[str]:
    return [str(python), "-c", f"from translate.convert.{module} import main; main()"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N posts")
    parser.add_argument(
        "--peers",
        type=Path,
        default=Path(sys.prefix),
        help="a venv with translate-toolkit and mistletoe (default: this one)",
    )
    options = parser.parse_args()
    paths = sorted(CORPUS.rglob("*.md"))
    if options.limit:
        paths = paths[: options.limit]
    python = options.peers / "bin" / "python"
    tools = ["localize-post"]
    if _works([str(python), "-c", "import mistletoe, translate.convert.po2md"]):
        tools.append("translate-toolkit po2md")
    else:
        print("translate-toolkit po2md: not runnable (it needs mistletoe); --peers DIR")
    print("mdpo: not run (its parser, pymd4c, is a C extension PyPI has no wheel of here)")
    for translation in ("identity", "upper"):
        for tool in tools:
            totals = Totals()
            for path in paths:
                source = path.read_text(encoding="utf-8")
                relative = PurePosixPath(path.relative_to(CORPUS).as_posix())
                if tool == "localize-post":
                    translate = _identity if translation == "identity" else upper_tagged
                    totals.add(source, ours(source, relative, translate))
                    continue
                translate = _identity if translation == "identity" else upper_markdown
                written = peer(
                    _toolkit(python, "md2po"),
                    lambda post, po, out: [
                        *_toolkit(python, "po2md"),
                        "-t",
                        str(post),
                        str(po),
                        str(out),
                    ],
                    source,
                    translate,
                )
                totals.add(source, written)
            print(totals.line(tool, translation), flush=True)


def _identity(msgid: str) -> str:
    return msgid


def _works(command: list[str]) -> bool:
    try:
        return subprocess.run(command, capture_output=True, timeout=60).returncode == 0
    except OSError:
        return False


if __name__ == "__main__":
    main()
