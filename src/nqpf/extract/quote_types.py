"""What a quotes grammar reads, whatever the language: ``Speech``, a place where a text says a person
spoke, and ``Person``, a person named with a title.

``grammar/en/quotes.py`` and ``grammar/zh/quotes.py`` produce these; ``quotes.py`` turns them into
quotes. Kept apart from it so that the grammars import their value types without importing the
module that imports them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Speech:
    """One place where a text says a person spoke, as a grammar reads it.

    Offsets are into the text the grammar was given. ``speaker`` is the name as written (a short
    form such as "Pan" is resolved against earlier full names), or None for a pronoun ("he said",
    他表示): the last speaker. ``label`` marks a transcript speaker label ("Zhang Wei:"), whose words
    are what follows the colon, or the next paragraph when the label stands alone on its line."""

    start: int  # where the attribution starts: the name (English), the title before it (Chinese)
    end: int  # where it ends (after the verb, or after a label's colon)
    speaker: str | None
    role: str | None = None
    words: str | None = None  # the reported words, when the phrasing itself delimits them
    label: bool = False


@dataclass(frozen=True)
class Person:
    """A person named in a sentence, with the title written beside the name when there is one."""

    name: str
    role: str | None = None
