"""HTTP for the readers and the watcher: httpx with timeouts, a per-host rate limit and one-line error messages."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

DEFAULT_TIMEOUT = 20.0
DEFAULT_USER_AGENT = "sitrep/0.1 (news monitoring; +https://github.com/sitrep)"
MAX_RESPONSE_BYTES = 20 * 1024 * 1024


class FetchError(Exception):
    """A request that gave no usable response; str() is one line for a person. `retry_after` in seconds, if sent."""

    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class HostRateLimiter:
    """At most one request per `min_interval` seconds to each host. `sleep` may be an interruptible wait."""

    def __init__(self, min_interval: float = 0.0, sleep: Callable[[float], object] = time.sleep) -> None:
        self.min_interval = max(0.0, float(min_interval))
        self._sleep = sleep
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, url: str) -> None:
        if self.min_interval <= 0:
            return
        host = urlsplit(url).netloc.lower()
        with self._lock:
            now = time.monotonic()
            due = self._last.get(host, -1e18) + self.min_interval
            start = max(now, due)
            self._last[host] = start
        if start > now:
            self._sleep(start - now)


class Fetcher:
    """GET with timeouts, redirects, a user agent and the rate limit; errors become FetchError."""

    def __init__(
        self,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        user_agent: str = DEFAULT_USER_AGENT,
        limiter: HostRateLimiter | None = None,
        client: object | None = None,
    ) -> None:
        import httpx

        self.timeout = timeout
        self.limiter = limiter or HostRateLimiter(0.0)
        self._own_client = client is None
        self.client: httpx.Client = client or httpx.Client(  # type: ignore[assignment]
            timeout=httpx.Timeout(timeout), follow_redirects=True, headers={"User-Agent": user_agent}
        )

    def close(self) -> None:
        if self._own_client:
            self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, headers: Mapping[str, str] | None = None):  # noqa: ANN201 - httpx.Response
        """The response (2xx or 304), or FetchError naming what went wrong."""
        import httpx

        self.limiter.wait(url)
        try:
            with self.client.stream("GET", url, headers=dict(headers or {})) as resp:
                declared = resp.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > MAX_RESPONSE_BYTES:
                    raise FetchError(f"response is {int(declared) / 1e6:.1f} MB, over the {MAX_RESPONSE_BYTES // 2**20} MB limit")
                resp.read()
        except httpx.TimeoutException as exc:
            raise FetchError(f"timed out after {self.timeout:g} s ({type(exc).__name__})") from None
        except httpx.InvalidURL as exc:
            raise FetchError(f"invalid URL ({exc})") from None
        except httpx.UnsupportedProtocol:
            raise FetchError("not an http(s) URL") from None
        except httpx.TooManyRedirects:
            raise FetchError("too many redirects") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"cannot connect ({type(exc).__name__}: {_first_line(exc)})") from None
        if resp.status_code == 304 or 200 <= resp.status_code < 300:
            return resp
        raise FetchError(
            f"HTTP {resp.status_code} {resp.reason_phrase}".strip(),
            status=resp.status_code,
            retry_after=_retry_after(resp.headers.get("retry-after")),
        )


def response_text(resp) -> str:  # noqa: ANN001
    """The body as text: the charset the server declared, else UTF-8 (else Windows-1252, the usual mistake)."""
    data: bytes = resp.content
    charset = resp.charset_encoding
    if charset:
        try:
            return data.decode(charset, errors="replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
        except (TypeError, ValueError):
            return None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__
