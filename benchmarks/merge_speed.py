"""How fast ``update`` merges, against GNU ``msgmerge --previous`` and Babel's ``pybabel update``.

Each tool reads the same old catalog and new template and writes the updated catalog; each
runs as its own process, start-up included, and the best of ``--repeat`` runs counts. Cases:
the shared real catalogs (Comprehensive Rust's Japanese catalog and its real update; its
Chinese catalog against the same, newer template) and a generated catalog of 50,000 entries
of which 5 % changed in the new template.

    PYTHONPATH=src python benchmarks/merge_speed.py [--entries 50000] [--pybabel-timeout 600]
        [--no-pybabel]

A ratio below 1 means localize-post is faster. pybabel compares every new msgid with every
old one through difflib, so on the large case it is stopped at the timeout and reported as
"> timeout" (the ratio is then an upper bound); ``--no-pybabel`` leaves it out altogether.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
CORPUS = REPOSITORY.parent / "shared" / "corpus" / "po"
RUST = CORPUS / "ja" / "comprehensive-rust"

# Our update in a separate process, as `localize-post update` does it: read the template and
# the catalog, merge, and write the catalog over itself (unless nothing changed).
OURS = """
import json, sys, time
from datetime import UTC, datetime
from pathlib import Path
from localize_post.catalogs import merge, read_catalog, write_catalog
from localize_post.locales import parse_language

template, out, language = sys.argv[1:]
start = time.perf_counter()
pot, po = read_catalog(Path(template), template), read_catalog(Path(out), out)
read = time.perf_counter()
merged = merge(pot, po, parse_language(language), datetime.now(UTC))
merging = time.perf_counter()
write_catalog(Path(out), merged, po)
print(json.dumps({"read": read - start, "merge": merging - read,
                  "write": time.perf_counter() - merging}))
"""


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    old: Path
    template: Path
    language: str
    generated: bool = False


@dataclass(frozen=True, slots=True)
class Timing:
    seconds: float
    timed_out: bool = False

    def __str__(self) -> str:
        return f"> {self.seconds:.0f}" if self.timed_out else f"{self.seconds:.2f}"


def main(arguments: Sequence[str]) -> None:
    options = _options(arguments)
    pybabel = None if options.no_pybabel else _pybabel()
    tools = Tools(shutil.which("msgmerge"), pybabel, options.pybabel_timeout)
    with tempfile.TemporaryDirectory(prefix="merge-speed-") as folder:
        work = Path(folder)
        cases = [*_real_cases(work), _generated_case(work, options.entries, options.changed)]
        print(f"{os.cpu_count()} CPUs; msgmerge: {tools.msgmerge}; pybabel: {tools.pybabel}\n")
        header = f"{'case':<44} {'ours s':>8} {'msgmerge s':>11} {'pybabel s':>10}"
        print(f"{header} {'ours/msgmerge':>14} {'ours/pybabel':>13}")
        for case in cases:
            # The generated case is long enough to time once.
            _measure(case, work, tools, 1 if case.generated else options.repeat)


@dataclass(frozen=True, slots=True)
class Tools:
    msgmerge: str | None
    pybabel: str | None
    pybabel_timeout: float


def _measure(case: Case, work: Path, tools: Tools, repeat: int) -> None:
    ours, parts = min((_ours(case, work) for _ in range(repeat)), key=lambda run: run[0].seconds)
    gnu = _best(repeat, lambda: _msgmerge(tools.msgmerge, case, work))
    babel = _best(repeat, lambda: _pybabel_update(tools, case, work))
    print(
        f"{case.name:<44} {ours.seconds:>8.2f} {gnu!s:>11} {babel!s:>10}"
        f" {_ratio(ours, gnu):>14} {_ratio(ours, babel):>13}"
    )
    print(f"{'':<4}ours: " + ", ".join(f"{part} {value:.2f} s" for part, value in parts.items()))


def _options(arguments: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=50_000, help="size of the generated case")
    parser.add_argument("--changed", type=float, default=0.05, help="share of msgids edited")
    parser.add_argument("--repeat", type=int, default=3, help="runs per tool; the best counts")
    parser.add_argument("--pybabel-timeout", type=float, default=600.0, help="seconds")
    parser.add_argument("--no-pybabel", action="store_true", help="time ours and msgmerge only")
    return parser.parse_args(arguments)


def _pybabel() -> str | None:
    beside = Path(sys.executable).with_name("pybabel")
    return str(beside) if beside.exists() else shutil.which("pybabel")


def _real_cases(work: Path) -> list[Case]:
    if not RUST.is_dir():
        print(f"{CORPUS} is missing: real cases skipped", file=sys.stderr)
        return []
    template = _gettext_dates(RUST / "messages.DERIVED-from-ja.after.pot", work)
    return [
        Case(
            "comprehensive-rust ja: the real update",
            _gettext_dates(RUST / "ja.before-msgmerge.po", work),
            template,
            "ja",
        ),
        Case(
            "comprehensive-rust zh_CN: older template",
            _gettext_dates(CORPUS / "zh_CN" / "comprehensive-rust" / "zh-CN.po", work),
            template,
            "zh-CN",
        ),
    ]


def _gettext_dates(path: Path, work: Path) -> Path:
    """A copy whose POT-Creation-Date is written as gettext writes dates: mdbook-xgettext
    writes ISO 8601 ("2024-11-23T04:33:49Z"), which pybabel cannot read."""
    copy = work / f"{path.parent.parent.name}-{path.name}"
    text = path.read_text(encoding="utf-8")
    iso = re.compile(r'^"POT-Creation-Date: (\d{4}-\d\d-\d\d)T(\d\d:\d\d)[^"]*"$', re.MULTILINE)
    copy.write_text(iso.sub(r'"POT-Creation-Date: \1 \2+0000\\n"', text), encoding="utf-8")
    return copy


def _generated_case(work: Path, entries: int, changed: float) -> Case:
    """A catalog of ``entries`` sentences, translated, and a template with ``changed`` of them
    edited by a word, as an author revising a long book would."""
    rng = random.Random(20201108)
    syllables = [a + b for a in "bdfgklmnprstvz" for b in ("a", "e", "i", "o", "u", "ou", "ai")]
    words = sorted({"".join(rng.choices(syllables, k=rng.randint(1, 4))) for _ in range(6000)})
    msgids: dict[str, None] = {}
    while len(msgids) < entries:
        sentence = " ".join(rng.choices(words, k=rng.randint(3, 40)))
        msgids[sentence.capitalize() + "."] = None
    old, template = [_HEADER], [_HEADER]
    for number, msgid in enumerate(msgids):
        where = f"#: src/chapter-{number // 200}.md:{number % 200 * 4 + 1}\n"
        translation = " ".join(reversed(msgid.split()))
        old.append(f'{where}msgid "{msgid}"\nmsgstr "{translation}"\n')
        if rng.random() < changed:
            msgid = _edited(msgid, words, rng)
        template.append(f'{where}msgid "{msgid}"\nmsgstr ""\n')
    (work / "generated.po").write_text("\n".join(old), encoding="utf-8")
    (work / "generated.pot").write_text("\n".join(template), encoding="utf-8")
    name = f"generated: {entries:,} entries, {changed:.0%} edited"
    return Case(name, work / "generated.po", work / "generated.pot", "fr", generated=True)


_HEADER = (
    'msgid ""\nmsgstr ""\n"Project-Id-Version: benchmark\\n"\n'
    '"POT-Creation-Date: 2020-11-08 00:00+0000\\n"\n"Language: fr\\n"\n'
    '"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n'
)


def _edited(msgid: str, words: list[str], rng: random.Random) -> str:
    tokens = msgid.split(" ")
    at = rng.randrange(len(tokens))
    change = rng.choice(("replace", "insert", "delete"))
    if change == "replace" or len(tokens) < 3:
        tokens[at] = rng.choice(words)
    elif change == "insert":
        tokens.insert(at, rng.choice(words))
    else:
        del tokens[at]
    return " ".join(tokens)


def _environment() -> dict[str, str]:
    paths = [str(REPOSITORY / "src"), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(path for path in paths if path)}


def _ours(case: Case, work: Path) -> tuple[Timing, dict[str, float]]:
    out = work / "ours.po"
    shutil.copyfile(case.old, out)
    command = [sys.executable, "-c", OURS, str(case.template), str(out)]
    start = time.perf_counter()
    result = subprocess.run(
        [*command, case.language], env=_environment(), capture_output=True, text=True, check=True
    )
    return Timing(time.perf_counter() - start), json.loads(result.stdout)


def _msgmerge(msgmerge: str | None, case: Case, work: Path) -> Timing | None:
    if msgmerge is None:
        return None
    command = [msgmerge, "-q", "--previous", "-o", str(work / "gnu.po")]
    return _timed([*command, str(case.old), str(case.template)], None)


def _pybabel_update(tools: Tools, case: Case, work: Path) -> Timing | None:
    if tools.pybabel is None:
        return None
    out = work / "babel.po"
    shutil.copyfile(case.old, out)  # pybabel updates its output file in place
    locale = case.language.replace("-", "_")
    command = [tools.pybabel, "-q", "update", "--previous", "-l", locale]
    return _timed([*command, "-i", str(case.template), "-o", str(out)], tools.pybabel_timeout)


def _timed(command: list[str], timeout: float | None) -> Timing:
    start = time.perf_counter()
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return Timing(time.perf_counter() - start, timed_out=True)
    return Timing(time.perf_counter() - start)


def _best(repeat: int, run: Callable[[], Timing | None]) -> Timing | None:
    """The fastest of ``repeat`` runs; a run that fails to finish ends the series."""
    best: Timing | None = None
    for _ in range(repeat):
        timing = run()
        if timing is None or timing.timed_out:
            return timing
        best = timing if best is None or timing.seconds < best.seconds else best
    return best


def _ratio(ours: Timing, theirs: Timing | None) -> str:
    if theirs is None:
        return "n/a"
    ratio = ours.seconds / theirs.seconds
    return f"< {ratio:.3f}" if theirs.timed_out else f"{ratio:.3f}"


if __name__ == "__main__":
    main(sys.argv[1:])
