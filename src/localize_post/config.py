"""Project configuration: ``localize-post.toml``, or ``[tool.localize-post]`` in pyproject.toml.

Every setting has a default, so a folder with only ``source/`` is a valid project.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from .errors import ConfigError, read_utf8
from .locales import Language, parse_language

CONFIG_FILE = "localize-post.toml"


@dataclass(frozen=True, slots=True)
class Config:
    """Typed settings; paths are relative to ``root``."""

    root: Path
    source_dir: str = "source"
    locales_dir: str = "locales"
    site_dir: str = "site"
    templates_dir: str = "templates"
    source_language: str = "en"
    languages: tuple[str, ...] = ()
    fields: tuple[str, ...] = ("title", "description")
    selector: str = ""  # where an HTML source's post is; default: <article>, else <body>
    segmentation: str = "block"  # or "sentence": one segment per sentence
    threshold: int = 80
    site_name: str = "News"
    base_url: str = ""
    project_name: str = "localize-post project"
    bugs_address: str = ""
    glossary: tuple[str, ...] = ()  # terms machine translation must keep as they are
    compendium: str = ""  # .po of past translations: `update`, `pretranslate --engine memory`
    memory_exact_is_translated: bool = False  # `update`: an exact memory match is not fuzzy
    outside_links: str = "refuse"  # a post that links out of the project: "refuse" or "skip"

    @property
    def source_path(self) -> Path:
        return self.root / self.source_dir

    @property
    def locales_path(self) -> Path:
        return self.root / self.locales_dir

    @property
    def templates_path(self) -> Path:
        return self.root / self.templates_dir

    @property
    def sentence_language(self) -> str | None:
        """The language to split sentences in, or None for one segment per block."""
        return self.source_language if self.segmentation == "sentence" else None

    @property
    def source(self) -> Language:
        return parse_language(self.source_language, "source language")

    def target_languages(self) -> tuple[Language, ...]:
        """Configured languages, or else every language folder found under locales/. A
        language folder (one that holds LC_MESSAGES: nested posts put plain folders of
        templates there too) that names no language is an error either way."""
        folders = self.language_folders()
        codes = self.languages or tuple(folders)
        languages = tuple(parse_language(code) for code in codes)
        return tuple(language for language in languages if language.tag != self.source.tag)

    def language_folders(self) -> dict[str, Language]:
        """The language folders under locales/, by name, checked to name languages."""
        if not self.locales_path.is_dir():
            return {}
        folders: dict[str, Language] = {}
        for entry in sorted(self.locales_path.iterdir()):
            if (entry / "LC_MESSAGES").is_dir():
                shown = f"{self.locales_dir}/{entry.name}"
                try:
                    folders[entry.name] = parse_language(entry.name)
                except ConfigError as error:
                    raise ConfigError(
                        f"a folder of catalogs that names no language: {error.message}", shown
                    ) from None
        return folders


def load_config(root: Path) -> Config:
    """Read the project's settings; raise ConfigError naming file and line for bad ones."""
    dedicated = root / CONFIG_FILE
    pyproject = root / "pyproject.toml"
    for settings in (dedicated, pyproject):
        if settings.exists() and not settings.is_file():
            raise ConfigError("is not a file: the settings must be a TOML file", settings.name)
    if dedicated.is_file():
        return _from_table(root, dedicated, _read_toml(dedicated))
    if pyproject.is_file():
        tools = _read_toml(pyproject).get("tool")
        table = tools.get("localize-post") if isinstance(tools, dict) else None
        if isinstance(table, dict):
            return _from_table(root, pyproject, table)
    return Config(root=root)


def _read_toml(path: Path) -> dict[str, object]:
    text = read_utf8(path, path.name, ConfigError)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"at line (\d+)", str(error))
        line = int(match.group(1)) if match else len(text.splitlines()) or 1  # end of document
        message = re.sub(r"\s*\(at (?:line \d+, column \d+|end of document)\)", "", str(error))
        raise ConfigError(f"invalid TOML: {message}", path.name, line) from None


def _from_table(root: Path, path: Path, table: Mapping[str, object]) -> Config:
    known = {field.name: field for field in fields(Config) if field.name != "root"}
    values: dict[str, object] = {}
    text = path.read_text(encoding="utf-8")
    shown = path.relative_to(root).as_posix()
    for key, value in table.items():
        name = key.replace("-", "_")
        line = _line_of(text, key)
        if name not in known:
            raise ConfigError(f"unknown setting {key!r}", shown, line)
        default = getattr(Config(root=root), name)
        if isinstance(default, tuple):
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise ConfigError(f"{key} must be a list of strings", shown, line)
            value = tuple(value)
        # bool is an int to Python, not to a user: `threshold = true` is wrong, and so is
        # `memory_exact_is_translated = 1`.
        elif isinstance(value, bool) != isinstance(default, bool) or not isinstance(
            value, type(default)
        ):
            raise ConfigError(f"{key} must be a {type(default).__name__}", shown, line)
        values[name] = value
    config = Config(root=root, **values)  # type: ignore[arg-type]
    for key in ("source_dir", "locales_dir", "site_dir", "templates_dir"):
        if not str(getattr(config, key)).strip():
            raise ConfigError(f"{key} must name a folder", shown, _line_of(text, key))
    if config.segmentation not in ("block", "sentence"):
        line = _line_of(text, "segmentation")
        raise ConfigError('segmentation must be "block" or "sentence"', shown, line)
    if config.outside_links not in ("refuse", "skip"):
        line = _line_of(text, "outside_links")
        raise ConfigError('outside_links must be "refuse" or "skip"', shown, line)
    if not 0 <= config.threshold <= 100:
        line = _line_of(text, "threshold")
        raise ConfigError("threshold must be a percentage from 0 to 100", shown, line)
    for code in config.languages:
        try:
            parse_language(code)
        except ConfigError as error:
            raise ConfigError(error.message, shown, _line_of(text, "languages")) from None
    return config


def _line_of(text: str, key: str) -> int | None:
    match = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None
