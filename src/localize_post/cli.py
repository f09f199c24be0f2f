"""The command line: parse options, call one function, print its report, choose the exit status.

Exit status: 0 success, 1 a failed ``check`` or a pretranslate whose every text failed, 2 bad
input or usage (one line: path:line: what).
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import click
from rich.cells import cell_len
from rich.console import Console
from rich.measure import Measurement
from rich.progress import Progress as ProgressBar
from rich.table import Table

from . import __version__
from .checks import check_project
from .engines import ENGINE_NAMES, check_endpoint
from .errors import ConfigError, LocalizePostError
from .importing import import_translation
from .locales import parse_language
from .locking import project_lock, remove_catalog_leftovers
from .outputs import owned_output, remove_site_leftovers
from .pretranslate import PretranslateInterrupted, pretranslate
from .problems import has_errors, to_github, to_json
from .progress import Progress, ProgressCallback
from .project import Project, extract, load_project, update
from .site import BuildReport, BuildWarnings, build
from .stats import CatalogStats, completeness_badge, completeness_svg, project_stats
from .writers import Layout, write_sources

P = ParamSpec("P")
R = TypeVar("R")

EXIT_PROBLEMS = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


def _reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn the library's errors into one line on stderr and exit status 2, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except LocalizePostError as error:
            click.echo(f"localize-post: {error}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            click.echo(f"localize-post: {where}{error.strerror or error}", err=True)
            sys.exit(EXIT_BAD_INPUT)

    return wrapper


def _project(context: click.Context) -> Project:
    root: Path = context.obj
    with _progress_bar("reading posts") as on_progress:
        project = load_project(root, on_progress)
    for warning in project.warnings:
        click.echo(f"localize-post: warning: {warning}", err=True)
    return project


@contextlib.contextmanager
def _writing_project(context: click.Context) -> Iterator[Project]:
    """The project, for a run that writes: alone in it (another run waits for the lock), with
    the leftovers of killed runs cleared first."""
    root: Path = context.obj

    def say_waiting() -> None:
        click.echo("localize-post: waiting for another run in this project to finish", err=True)

    with project_lock(root, say_waiting):
        project = _project(context)
        remove_catalog_leftovers(project.config.locales_path)
        yield project


class _OneLineUsageErrors(click.Group):
    """Click's usage errors as every other error: one line, exit status 2, no usage block."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except click.ClickException as error:
            where = (
                error.ctx.command_path if isinstance(error, click.UsageError) and error.ctx else ""
            )
            hint = f" (see `{where} --help`)" if where else ""
            message = " ".join(error.format_message().split())
            click.echo(f"localize-post: {message}{hint}", err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("localize-post: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=_OneLineUsageErrors)
@click.version_option(__version__, prog_name="localize-post")
@click.option(
    "-C",
    "directory",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("."),
    help="Run in this project folder instead of the current one.",
)
@click.pass_context
def main(context: click.Context, directory: Path) -> None:
    """Localize blog posts through gettext catalogs."""
    context.obj = directory.resolve()


@main.command("extract")
@click.pass_context
@_reports_errors
def extract_command(context: click.Context) -> None:
    """Write locales/<post>.pot and locales/ui.pot from the sources and templates."""
    with _writing_project(context) as project:
        written_catalogs = extract(project)
    for written in written_catalogs:
        click.echo(f"{'wrote' if written.changed else 'unchanged'} {written.path}")


@main.command("update")
@click.option("-l", "--language", "languages", multiple=True, help="BCP 47 code; repeatable.")
@click.option("--no-fuzzy-matching", is_flag=True, help="Like msgmerge -N: exact matches only.")
@click.pass_context
@_reports_errors
def update_command(
    context: click.Context, languages: tuple[str, ...], no_fuzzy_matching: bool
) -> None:
    """Merge every template into each language's catalogs, creating new languages."""
    with _writing_project(context) as project, _progress_bar("merging") as on_progress:
        chosen = tuple(parse_language(code) for code in languages)
        source = project.config.source
        if source in chosen:
            raise ConfigError(
                f"{source.tag} is the source language: its text is the posts in"
                f" {project.config.source_dir}/, with no catalog to translate; name a language"
                " to translate into"
            )
        chosen = chosen or project.config.target_languages()
        written_catalogs = update(project, chosen, not no_fuzzy_matching, on_progress)
    for written in written_catalogs:
        click.echo(f"{'wrote' if written.changed else 'unchanged'} {written.path}")


@main.command("pretranslate")
@click.option("-l", "--language", "languages", multiple=True, required=True, help="BCP 47 code(s).")
@click.option("--engine", required=True, help=f"One of: {', '.join(ENGINE_NAMES)}.")
@click.option("--endpoint", help="Service URL: your LibreTranslate server, another DeepL server.")
@click.option("--dry-run", is_flag=True, help="Print what would be sent; write nothing.")
@click.pass_context
@_reports_errors
def pretranslate_command(
    context: click.Context,
    languages: tuple[str, ...],
    engine: str,
    endpoint: str | None,
    dry_run: bool,
) -> None:
    """Fill empty entries by machine, fuzzy, for translators to review. API keys come from
    LOCALIZE_POST_DEEPL_KEY, LOCALIZE_POST_MICROSOFT_KEY and LOCALIZE_POST_LIBRE_KEY."""
    chosen = tuple(parse_language(code) for code in languages)
    if endpoint is not None:
        check_endpoint(endpoint)  # before the lock: a typo must not wait for another run
    try:
        with _writing_project(context) as project, _progress_bar("translating") as on_progress:
            report = pretranslate(project, chosen, engine, endpoint, dry_run, None, on_progress)
    except PretranslateInterrupted as interrupted:
        for line in interrupted.report.lines():
            click.echo(line)
        click.echo("localize-post: interrupted; the entries done so far are saved", err=True)
        sys.exit(EXIT_INTERRUPTED)
    for line in report.lines():
        click.echo(line)
    if report.failed_everything:
        click.echo("localize-post: every text failed; nothing was filled", err=True)
        sys.exit(EXIT_PROBLEMS)


@main.command("import")
@click.option("-l", "--language", required=True, help="BCP 47 code of the translation.")
@click.option("--post", "slug", required=True, help="The post it translates, as named in locales/.")
@click.option(
    "--english",
    type=click.Path(path_type=Path),
    default=None,
    help="The English the translation was made from, if older than the post in source/.",
)
@click.argument("translation", type=click.Path(path_type=Path))
@click.pass_context
@_reports_errors
def import_command(
    context: click.Context, language: str, slug: str, translation: Path, english: Path | None
) -> None:
    """Import a post's existing translation, a whole translated file, into its catalog; a
    translation already in the catalog is never replaced."""
    chosen = parse_language(language)
    with _writing_project(context) as project:
        older = None if english is None else english.resolve()
        report = import_translation(project, chosen, slug, translation.resolve(), older)
    for line in report.lines():
        click.echo(line)


@contextlib.contextmanager
def _progress_bar(work: str) -> Iterator[ProgressCallback]:
    """A progress bar on stderr, gone when done; nothing when stderr is not a terminal."""
    console = Console(stderr=True)
    with ProgressBar(console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task(work, total=None)

        def show(progress: Progress) -> None:
            description = f"{work} {progress.item}"
            bar.update(task, total=progress.total, completed=progress.done, description=description)

        yield show


@main.command("check")
@click.option("--format", "output", type=click.Choice(["text", "json", "github"]), default="text")
@click.option("--strict", is_flag=True, help="Fail on warnings too, for a clean QA in CI.")
@click.pass_context
@_reports_errors
def check_command(context: click.Context, output: str, strict: bool) -> None:
    """Report broken, stale and unsafe catalogs, and translations a translator should look at
    again; exit 1 if there is an error (with --strict, any problem)."""
    problems = check_project(_project(context))
    if output == "json":
        click.echo(to_json(problems))
    elif output == "github":
        if problems:
            click.echo(to_github(problems))
    else:
        for problem in problems:
            click.echo(str(problem))
        errors = sum(1 for problem in problems if str(problem.severity) == "error")
        click.echo(f"{errors} error(s), {len(problems) - errors} warning(s)", err=True)
    if has_errors(problems) or (strict and problems):
        sys.exit(EXIT_PROBLEMS)


@main.command("stats")
@click.option("--format", "output", type=click.Choice(["text", "json", "svg"]), default="text")
@click.option(
    "--badge", is_flag=True, help="With --format svg: a one-line badge, each language's percent."
)
@click.pass_context
@_reports_errors
def stats_command(context: click.Context, output: str, badge: bool) -> None:
    """Translated, fuzzy and untranslated entries and words per language and catalog; a
    translation the pages refuse (a lost tag) counts as untranslated."""
    if badge and output != "svg":
        raise click.UsageError("--badge draws a picture: use it with --format svg")
    project = _project(context)
    rows = project_stats(project)
    if output == "svg":
        draw = completeness_badge if badge else completeness_svg
        click.echo(draw(rows, project.config.threshold), nl=False)
        return
    if output == "json":
        click.echo(json.dumps([row.as_dict() for row in rows], ensure_ascii=False, indent=2))
        return
    table = _stats_table(rows)
    console = Console(highlight=False)
    if console.is_terminal:
        console.print(table)
        return
    # In a log, nothing wraps at 80 columns: the table gets all the width it needs.
    measure = Console(file=io.StringIO(), highlight=False)
    width = Measurement.get(measure, measure.options.update(max_width=sys.maxsize), table).maximum
    text = io.StringIO()
    Console(file=text, width=width, highlight=False, no_color=True).print(table)
    click.echo("\n".join(line.rstrip() for line in text.getvalue().splitlines()))


def _stats_table(rows: list[CatalogStats]) -> Table:
    table = Table(title="Translation status", box=None, pad_edge=False, title_justify="left")
    # On a terminal too narrow for the table, the bar gives way: names and numbers stay whole.
    for heading, names in (
        ("lang", [row.language for row in rows]),
        ("catalog", [row.domain for row in rows]),
    ):
        table.add_column(heading, min_width=max(map(cell_len, [heading, *names])), no_wrap=True)
    for heading in ("done", "fuzzy", "todo", "refused", "words done"):
        table.add_column(heading, justify="right", min_width=len(heading), no_wrap=True)
    table.add_column("progress", overflow="crop", no_wrap=True)
    for row in rows:
        words = row.translated_words + row.fuzzy_words + row.untranslated_words
        table.add_row(
            row.language,
            row.domain,
            str(row.translated),
            str(row.fuzzy),
            str(row.untranslated),
            str(row.rejected),
            f"{row.translated_words}/{words}",
            _bar(row),
        )
    return table


def _bar(row: CatalogStats, width: int = 20) -> str:
    """A completeness bar: translated █ (green), fuzzy ▒ (yellow), untranslated ░ (dim), told
    apart by their shapes where there is no colour."""
    if row.total == 0:
        return ""
    done = round(width * row.translated / row.total)
    fuzzy = round(width * row.fuzzy / row.total)
    rest = max(width - done - fuzzy, 0)
    return f"[green]{'█' * done}[/][yellow]{'▒' * fuzzy}[/][dim]{'░' * rest}[/] {row.percent:3d}%"


@main.command("build")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Default: site/. Relative to the project folder (-C). Only a folder build made, or an"
    " empty one, is replaced.",
)
@click.option(
    "--preview",
    is_flag=True,
    help="Also show fuzzy and machine suggestions, marked, and count them for the threshold.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings, writing nothing: for CI.")
@click.pass_context
@_reports_errors
def build_command(context: click.Context, out: Path | None, preview: bool, strict: bool) -> None:
    """Render one page per post and published language, language indexes and a language choice,
    and copy the files beside the posts and in static/."""
    with _writing_project(context) as project:
        target = owned_output(project.config, out or Path(project.config.site_dir))
        remove_site_leftovers(target)
        try:
            with _progress_bar("rendering") as on_progress:
                report = build(project, target, on_progress, preview, strict)
        except BuildWarnings as failed:
            _print_build_report(failed.report)
            click.echo(f"localize-post: {failed}", err=True)
            sys.exit(EXIT_PROBLEMS)
    _print_build_report(report)
    click.echo(f"published: {', '.join(report.published)}")
    click.echo(f"{len(report.pages)} files in {target}; start with {target / 'index.html'}")


def _print_build_report(report: BuildReport) -> None:
    for warning in report.warnings:
        click.echo(f"localize-post: warning: {warning}", err=True)
    for skipped in report.skipped:
        click.echo(
            f"not published: {skipped.slug} in {skipped.language} is {skipped.percent}% translated,"
            f" below the {skipped.threshold}% threshold"
        )
    for fallback in report.fallbacks:
        if fallback.english:
            reasons = ", ".join(
                f"{count} {reason}"
                for count, reason in (
                    (fallback.untranslated, "untranslated"),
                    (fallback.fuzzy, "fuzzy"),
                    (fallback.rejected, "refused by checks"),
                )
                if count
            )
            click.echo(
                f"{fallback.language}/{fallback.slug}: {fallback.english} of {fallback.total}"
                f" segments shown in English ({reasons})"
            )
        if fallback.suggestions:
            click.echo(
                f"{fallback.language}/{fallback.slug}: {fallback.suggestions} suggestions shown,"
                " marked (preview)"
            )


@main.command("sources")
@click.option("-l", "--language", "languages", multiple=True, help="BCP 47 code; repeatable.")
@click.option(
    "--layout",
    type=click.Choice([layout.value for layout in Layout]),
    required=True,
    help="Where the site's generator reads each language's file.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("."),
    help="The site's folder (default: the project folder), relative to the project folder (-C)."
    " Only files localize-post wrote are ever rewritten; nothing is deleted.",
)
@click.pass_context
@_reports_errors
def sources_command(
    context: click.Context, languages: tuple[str, ...], layout: str, out: Path
) -> None:
    """Write each post, translated, where the site's own generator reads it."""
    with _writing_project(context) as project, _progress_bar("writing sources") as on_progress:
        chosen = tuple(parse_language(code) for code in languages)
        if project.config.source in chosen:
            raise ConfigError(
                f"{project.config.source.tag} is the source language: its posts are the sources"
            )
        report = write_sources(project, chosen, Layout(layout), out, on_progress)
    for skipped in report.skipped:
        click.echo(f"not written: {skipped.slug} in {skipped.language}: {skipped.reason}")
    for written in report.written:
        if written.english:
            click.echo(
                f"{written.path}: {written.english} of {written.segments} segments in English"
            )
    changed = sum(1 for written in report.written if written.changed)
    click.echo(
        f"{len(report.written)} files in {report.out}, {changed} changed;"
        f" {report.links} links to other posts"
    )
    click.echo("the site's configuration needs:")
    click.echo(report.configuration, nl=False)
