"""Answers of read queries kept until the database changes.

Between two writes (which a server sees: every writer goes through it, see ``store/remote.py``),
what a query answered once it answers every time: the reference rows of a region or an
industry, the size of each section of a region, the regions that prioritise an industry, the name
of a document. Each costs a DuckDB query of a few milliseconds, several of them for every page;
kept here by key, each is asked once until :meth:`ReadMemo.clear`. Bounded: the least recently
used answers go first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")
DEFAULT_ENTRIES = 200_000


# Answers from the reference tables (regions, the taxonomy), which no nqpf command changes, and
# documents' names, which belong to their ids: a document stored later is looked up when it is asked
# for (``lookups.name_documents``), one forgotten is no longer asked for. Dropping them would cost the
# first request after every write the most expensive look-ups of all.
UNCHANGED_BY_WRITES = frozenset({"region names", "region", "industry", "industry ids", "every document name"})


def survives_writes(key: Hashable) -> bool:
    """Whether the answer kept under ``key`` stays true when documents are stored or removed."""
    if isinstance(key, str):
        return True  # a document's name, by its id
    return isinstance(key, tuple) and bool(key) and key[0] in UNCHANGED_BY_WRITES


class ReadMemo:
    """Answers by key, at most ``max_entries`` of them; safe to share between request threads."""

    def __init__(self, max_entries: int = DEFAULT_ENTRIES) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._generation = 0  # clears so far: an answer computed across one is not kept

    def clear(self) -> None:
        """Forget the answers a write can change (the database has changed): every one but those of
        :func:`survives_writes`."""
        with self._lock:
            self._entries = OrderedDict((k, v) for k, v in self._entries.items() if survives_writes(k))
            self._generation += 1

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The answer kept for ``key``, or ``compute()``'s, kept. Two threads asking for the same key at
        once may both compute it: the answers are equal, and no thread waits on another's query."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
            generation = self._generation
        value = compute()
        self._put(key, value, generation)
        return value

    def get_many(self, keys: Iterable[Hashable], compute: Callable[[list[Hashable]], dict[Hashable, Any]]
                 ) -> dict[Hashable, Any]:
        """The answers for ``keys``; ``compute`` gets the keys not kept, in one call, and returns their
        answers (a key it leaves out has none, and is asked again next time)."""
        found, missing = {}, []
        with self._lock:
            generation = self._generation
            for key in keys:
                if key in self._entries:
                    self._entries.move_to_end(key)
                    found[key] = self._entries[key]
                else:
                    missing.append(key)
        if missing:
            computed = compute(missing)
            for key, value in computed.items():
                self._put(key, value, generation)
            found.update(computed)
        return found

    def _put(self, key: Hashable, value: Any, generation: int) -> None:
        with self._lock:
            if generation != self._generation:
                return  # computed before the database changed
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)
