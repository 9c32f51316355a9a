"""Polite HTTP for the watcher: a User-Agent that names nqpf, robots.txt obeyed, at most one
request per host per ``delay`` seconds, retries with backoff on timeouts and server errors, and
a size limit read as the body streams in (a page over it is refused without being read whole).

Every failure is a :class:`FetchError` with a one-line reason; the watcher logs it and goes on.
"""

from __future__ import annotations

import time
import urllib.robotparser
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

USER_AGENT = "nqpf/{version} (a monitor of policy news; respects robots.txt)"
RETRIES = 3
MAX_REDIRECTS = 5


class FetchError(Exception):
    """A URL that could not be fetched; the message is the reason in one line."""


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    body: bytes
    content_type: str


def _user_agent() -> str:
    from nqpf import __version__

    return USER_AGENT.format(version=__version__)


class Fetcher:
    """One HTTP client for a watcher run (connections reused), with per-host pacing and robots."""

    def __init__(self, *, max_bytes: int, timeout: float = 20.0, delay: float = 1.0, retries: int = RETRIES,
                 backoff: float = 1.0, sleep=time.sleep, clock=time.monotonic):
        self.max_bytes, self.delay, self.retries, self.backoff = max_bytes, delay, retries, backoff
        self._sleep, self._clock = sleep, clock
        self._last: dict[str, float] = {}  # host -> when its last request was sent
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self.agent = _user_agent()
        self._client = httpx.Client(headers={"User-Agent": self.agent}, timeout=timeout, follow_redirects=True,
                                    max_redirects=MAX_REDIRECTS)

    def close(self) -> None:
        self._client.close()

    def get(self, url: str) -> Fetched:
        """The body of ``url``, or :class:`FetchError`."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise FetchError("not an http or https URL")
        if not self._allowed(url):
            raise FetchError("robots.txt disallows it")
        for attempt in range(self.retries + 1):
            try:
                return self._once(url)
            except _Retry as err:
                if attempt == self.retries:
                    raise FetchError(f"{err} (after {self.retries + 1} tries)") from None
                self._sleep(self.backoff * 2 ** attempt)
        raise AssertionError("unreachable")

    def _once(self, url: str) -> Fetched:
        self._pace(urlsplit(url).netloc)
        try:
            with self._client.stream("GET", url) as response:
                if response.status_code >= 500 or response.status_code == 429:
                    raise _Retry(f"HTTP {response.status_code}")
                if response.status_code >= 400:
                    raise FetchError(f"HTTP {response.status_code}")
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(f"over --max-bytes ({int(declared):,} bytes > {self.max_bytes:,})")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > self.max_bytes:
                        raise FetchError(f"over --max-bytes (more than {self.max_bytes:,} bytes)")
                return Fetched(str(response.url), bytes(body), response.headers.get("content-type", ""))
        except httpx.TooManyRedirects:
            raise FetchError(f"more than {MAX_REDIRECTS} redirects (a redirect loop?)") from None
        except httpx.TimeoutException:
            raise _Retry("timed out") from None
        except httpx.TransportError as err:
            raise _Retry(f"could not connect ({type(err).__name__})") from None
        except httpx.HTTPError as err:  # an invalid URL or response
            raise FetchError(str(err).splitlines()[0] or type(err).__name__) from None

    def _pace(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            wait = self.delay - (self._clock() - last)
            if wait > 0:
                self._sleep(wait)
        self._last[host] = self._clock()

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        if root not in self._robots:
            self._robots[root] = self._read_robots(root)
        robots = self._robots[root]
        return robots is None or robots.can_fetch(self.agent, url)

    def _read_robots(self, root: str) -> urllib.robotparser.RobotFileParser | None:
        """The site's robots.txt, None when it has none (4xx: everything allowed). A server error
        or no answer is read as "disallow everything" until the next run (RFC 9309, 2.3.1.4)."""
        robots = urllib.robotparser.RobotFileParser()
        try:
            self._pace(urlsplit(root).netloc)
            response = self._client.get(f"{root}/robots.txt")
        except httpx.HTTPError:
            robots.parse(["User-agent: *", "Disallow: /"])
            return robots
        if response.status_code >= 500:
            robots.parse(["User-agent: *", "Disallow: /"])
        elif response.status_code >= 400:
            return None
        else:
            robots.parse(response.text[:500_000].splitlines())
        return robots


class _Retry(Exception):
    """A failure worth another try: a timeout, a refused connection, HTTP 5xx or 429."""
