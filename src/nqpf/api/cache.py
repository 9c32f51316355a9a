"""A bounded cache of whole responses, in front of the app.

Every writer of a served database (``nqpf ingest``, ``reprocess``, ``index compute``, ``forget``)
writes through the server (``store/remote.py``), which clears this cache when a write ends: between
two writes the same URL always gets the same answer, so a successful response can be kept and sent
again without running its queries. Only ``GET``
answers of status 200 to the API and the pages are kept, least recently used first out, within
a byte budget; requests for a URL already being computed wait for it instead of computing it too.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CACHED_PREFIXES = ("/api/", "/region/", "/industry/", "/document/", "/search")
Key = tuple[str, bytes]
Entry = tuple[list[tuple[bytes, bytes]], bytes]
HIT = (b"x-nqpf-cache", b"hit")


class ResponseStore:
    """Response bodies (with their headers) by URL, least recently used out first past ``max_bytes``."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.max_entry = max_bytes // 16  # one huge answer must not push out everything else
        self.entries: OrderedDict[Key, Entry] = OrderedDict()
        self.size = 0
        self.generation = 0  # clears so far: an answer begun before one is not kept
        self._lock = threading.Lock()  # clear() comes from the thread of the write that ended

    def clear(self) -> None:
        """Forget every answer (the database has changed)."""
        with self._lock:
            self.entries = OrderedDict()
            self.size = 0
            self.generation += 1

    def get(self, key: Key) -> Entry | None:
        with self._lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: Key, headers: list[tuple[bytes, bytes]], body: bytes, generation: int) -> None:
        with self._lock:
            if len(body) > self.max_entry or key in self.entries or generation != self.generation:
                return
            self.entries[key] = (headers, body)
            self.size += len(body)
            while self.size > self.max_bytes:
                _, (_, dropped) = self.entries.popitem(last=False)
                self.size -= len(dropped)


class ResponseCache:
    """ASGI middleware answering from ``store`` what it answered before (a budget of 0 turns it off)."""

    def __init__(self, app: ASGIApp, store: ResponseStore) -> None:
        self.app = app
        self.store = store
        self._pending: dict[Key, asyncio.Event] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (self.store.max_bytes <= 0 or scope["type"] != "http" or scope["method"] != "GET"
                or not (path == "/" or path.startswith(CACHED_PREFIXES))):
            await self.app(scope, receive, send)
            return
        key = (path, scope.get("query_string", b""))
        while key in self._pending and key not in self.store.entries:
            await self._pending[key].wait()  # the same URL is being answered: use that answer
        entry = self.store.get(key)
        if entry is not None:
            headers, body = entry
            await send({"type": "http.response.start", "status": 200, "headers": [*headers, HIT]})
            await send({"type": "http.response.body", "body": body})
            return
        done = self._pending[key] = asyncio.Event()
        try:
            await self._answer(key, scope, receive, send)
        finally:
            del self._pending[key]
            done.set()

    async def _answer(self, key: Key, scope: Scope, receive: Receive, send: Send) -> None:
        start: Message = {}
        chunks: list[bytes] = []
        generation = self.store.generation

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False) and start.get("status") == 200:
                    self.store.put(key, list(start.get("headers", [])), b"".join(chunks), generation)
            await send(message)

        await self.app(scope, receive, keep)
