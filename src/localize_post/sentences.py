"""Sentence mode: one segment per sentence, so translation memory finds sentences again when a
paragraph around them changes. Block segments stay the default."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from sentencex import segment

from .document import TAG_PATTERN, Hole, InlineTag, Markup, inline_markup, is_translatable


def split_sentences(msgid: str, language: str) -> list[str]:
    """The sentences of a msgid, never cutting inside an inline tag or a code span.

    sentencex (Wikimedia's segmenter, ~300 languages) finds the boundaries; pieces that would
    leave a tag open are joined back, since a translator must receive each tag whole.
    """
    sentences: list[str] = []
    pending = ""
    for piece in segment(language, msgid):
        pending += piece
        if _balanced(pending):
            sentences.append(pending.strip())
            pending = ""
    if pending:
        sentences.append(pending.strip())
    return [sentence for sentence in sentences if sentence]


def _balanced(text: str) -> bool:
    depth = 0
    for match in TAG_PATTERN.finditer(text):
        if match.group(3):
            continue
        depth += -1 if match.group(1) else 1
    return depth == 0


def sentence_markup(
    msgid: str, tags: Mapping[str, InlineTag], language: str, add_segment: Callable[[str], int]
) -> Markup:
    """A block's content as one hole per sentence; ``add_segment`` records a sentence and
    returns its index. Sentences without words stay literal."""
    parts: list[str | Hole] = []
    for position, sentence in enumerate(split_sentences(msgid, language)):
        if position:
            parts.append(" ")
        if is_translatable(sentence):
            parts.append(Hole(add_segment(sentence), tags, ""))
        else:
            parts.extend(inline_markup(sentence, tags))
    return tuple(parts)
