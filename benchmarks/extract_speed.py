"""Extraction speed on the 264 real OpenTelemetry posts: localize-post against its peers.

Each tool turns the same Markdown posts into gettext templates, run side by side as a user would
(its command line, one process for the whole corpus), best of three. Peers that are not
installed are skipped: `pip install mdpo translate-toolkit mistletoe` brings both.

    python benchmarks/extract_speed.py [--corpus ../shared/corpus/opentelemetry-blog]

Prints wall time, entries extracted, and each peer's time as a ratio to ours (>1: we are faster).
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import polib

REPOSITORY = Path(__file__).resolve().parent.parent


def best_of(runs: int, action: Callable[[], None]) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


def count_entries(folder: Path, pattern: str) -> int:
    return sum(len(polib.pofile(str(path))) for path in folder.rglob(pattern))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--corpus", type=Path, default=REPOSITORY.parent / "shared/corpus/opentelemetry-blog"
    )
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    posts = arguments.corpus / "content" / "en" / "blog"
    if not posts.is_dir():
        sys.exit(f"no corpus at {posts}")
    work = Path(tempfile.mkdtemp(prefix="extract-bench-"))
    project = work / "project"
    shutil.copytree(posts, project / "source")
    python = sys.executable

    def ours() -> None:
        shutil.rmtree(project / "locales", ignore_errors=True)
        subprocess.run(
            [python, "-m", "localize_post", "-C", str(project), "extract"],
            check=True,
            capture_output=True,
        )

    results: list[tuple[str, float, int]] = []
    results.append(
        (
            "localize-post extract",
            best_of(arguments.runs, ours),
            count_entries(project / "locales", "*.pot"),
        )
    )

    if importlib.util.find_spec("mdpo") is not None:
        output = work / "mdpo.pot"

        def mdpo() -> None:
            output.unlink(missing_ok=True)
            subprocess.run(
                [
                    python,
                    "-m",
                    "mdpo.md2po",
                    str(project / "source") + "/**/*.md",
                    "-s",
                    "-p",
                    str(output),
                ],
                check=True,
                capture_output=True,
            )

        results.append(
            ("mdpo md2po", best_of(arguments.runs, mdpo), count_entries(work, "mdpo.pot"))
        )

    if importlib.util.find_spec("translate") is not None and importlib.util.find_spec("mistletoe"):
        ttk = work / "ttk"

        def translate_toolkit() -> None:
            shutil.rmtree(ttk, ignore_errors=True)
            subprocess.run(
                [
                    python,
                    "-m",
                    "translate.convert.md2po",
                    "--progress=none",
                    "-P",
                    "-i",
                    str(project / "source"),
                    "-o",
                    str(ttk),
                ],
                check=True,
                capture_output=True,
            )

        results.append(
            (
                "Translate Toolkit md2po",
                best_of(arguments.runs, translate_toolkit),
                count_entries(ttk, "*.pot"),
            )
        )

    reference = results[0][1]
    print(f"{'tool':<26}{'seconds':>10}{'entries':>10}{'ratio to ours':>16}")
    for name, seconds, entries in results:
        print(f"{name:<26}{seconds:>10.2f}{entries:>10}{seconds / reference:>16.2f}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
