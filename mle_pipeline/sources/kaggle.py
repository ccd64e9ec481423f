"""Kaggle itself: the competition download and leaderboard, via the official ``kaggle`` client.

Written against ``kaggle`` 2.2.4 / ``kagglesdk`` 0.1.x. What that client does:

* ``import kaggle`` runs ``KaggleApi().authenticate()`` at import time (printing help and
  swallowing the failure when there are no credentials) and creates its config folder;
  ``KaggleApi.config`` (the ``kaggle.json`` path: ``$KAGGLE_CONFIG_DIR``, else ``~/.kaggle``,
  else ``$XDG_CONFIG_HOME/kaggle`` on Linux) and ``KaggleApi.args`` (``--local`` when
  ``KAGGLE_API_ENVIRONMENT=LOCALHOST``) are fixed then. So the import is done lazily here,
  and only once credentials are needed.
* ``authenticate()`` tries, in order: ``KAGGLE_API_TOKEN`` (a token or a file holding one)
  or ``~/.kaggle/access_token`` (checked with an IntrospectToken call); ``username``/``key``
  from ``kaggle.json`` overlaid by ``KAGGLE_USERNAME``/``KAGGLE_KEY``; OAuth credentials
  from ``kaggle auth login`` (``~/.kaggle/credentials.json``). With none it prints help and
  calls ``exit(1)`` (``SystemExit``), which is turned into
  :class:`KaggleCredentialsMissingError` here.
* Every call is a JSON ``POST`` to ``https://api.kaggle.com/v1/<Service>/<Method>``
  (``<endpoint>/api/v1/...`` for the other environments). Errors are raised as
  ``requests.HTTPError``; for a JSON error body ``{"code", "message"}`` the exception text is
  Kaggle's message (e.g. "You must accept this competition's rules ...").
* ``DownloadDataFiles`` is answered with a redirect to a signed storage URL ending in
  ``.zip``, which ``requests`` follows (as a ``GET``) inside the same call; the streamed
  response is then written by ``KaggleApi.download_file``.

``KaggleApi.competition_download_files`` is not used directly because it hard-codes
``download_file(max_retries=5)``: on a broken stream it resumes the partial file with a
``Range`` request after sleeping ``2**n`` (up to 60) seconds with ``time.sleep``. Here the
same two calls it makes are made with ``max_retries=0``, so a partial download is
discarded and restarted by this module's own retry loop (whose sleep is injectable), and a
request timeout is added (the client sets none on the first request).
"""

from __future__ import annotations

import contextlib
import csv
import io
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from mle_pipeline.atomic import TMP_PREFIX, atomic_path
from mle_pipeline.registry import Competition
from mle_pipeline.sources.archive import ArchiveRefused, check_zip
from mle_pipeline.sources.base import SourceError

log = logging.getLogger(__name__)

T = TypeVar("T")

LEADERBOARD_HEADER = (
    "scoreNullable",
    "teamId",
    "hasTeamName",
    "submissionDate",
    "score",
    "hasScore",
)
SETTINGS_URL = "https://www.kaggle.com/settings/api"
_MAX_LEADERBOARD_PAGES = 10_000


# -- errors -----------------------------------------------------------------------------


class KaggleError(SourceError):
    """Any failure talking to Kaggle."""


class KaggleCredentialsMissingError(KaggleError):
    """The client found no credentials at all."""


class KaggleAuthError(KaggleError):
    """HTTP 401: the credentials were sent and rejected."""


class KaggleForbiddenError(KaggleError):
    """HTTP 403 for a reason other than unaccepted rules."""


class KaggleRulesNotAcceptedError(KaggleForbiddenError):
    """HTTP 403: the account has not accepted the competition's rules."""


class KaggleNotFoundError(KaggleError):
    """HTTP 404: no such competition (or not visible to this account)."""


class KaggleApiError(KaggleError):
    """Any other non-retryable answer from Kaggle (other 4xx, redirect loops, ...)."""


class KaggleTransientError(KaggleError):
    """A failure that may go away by itself; retried with backoff."""

    retry_after: float | None = None


class KaggleNetworkError(KaggleTransientError):
    """Kaggle could not be reached: connection refused or reset, DNS, timeout."""


class KaggleServerError(KaggleTransientError):
    """HTTP 5xx from Kaggle, or the storage host refusing a (stale) signed download URL."""


class KaggleRateLimitError(KaggleTransientError):
    """HTTP 429."""


class KaggleIncompleteDownloadError(KaggleTransientError):
    """The download was cut short or is not an intact zip."""


def missing_credentials_message(config_file: str | None = None) -> str:
    """What to set up; ``config_file`` is the ``kaggle.json`` this client reads (its folder
    is ``$KAGGLE_CONFIG_DIR``, else ``~/.kaggle``)."""
    config = Path(config_file) if config_file else Path("~/.kaggle/kaggle.json")
    return (
        "no Kaggle API credentials found. The kaggle client accepts any one of: "
        f"KAGGLE_API_TOKEN=<token> or the token saved in {config.with_name('access_token')}; "
        f'{config} containing {{"username": ..., "key": ...}} (chmod 600; '
        "KAGGLE_CONFIG_DIR names another folder for both files); "
        "KAGGLE_USERNAME and KAGGLE_KEY environment variables; or `kaggle auth login`. "
        f"Create a token at {SETTINGS_URL}. "
        "Without Kaggle access, use `--source mirror` or `--source sample` instead"
    )


def rules_url(competition_id: str) -> str:
    return f"https://www.kaggle.com/c/{competition_id}/rules"


# -- the source -------------------------------------------------------------------------


@dataclass(frozen=True)
class KaggleSource:
    """Downloads ``<id>.zip`` from Kaggle with the official client, retrying transient errors.

    ``retries`` is the number of extra attempts after the first; the n-th retry waits
    ``backoff_seconds * 2**(n-1)`` seconds (at most ``max_backoff_seconds``, at least a
    429's ``Retry-After``). ``sleep`` is the function used to wait (tests pass a recorder).
    ``timeout_seconds`` bounds connecting and each read of the response.
    """

    retries: int = 4
    backoff_seconds: float = 2.0
    max_backoff_seconds: float = 120.0
    timeout_seconds: float = 60.0
    leaderboard_page_size: int = 100
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)
    name: str = "kaggle"

    @property
    def is_sample(self) -> bool:
        return False

    # -- public API -----------------------------------------------------------------

    def fetch(self, competition: Competition, dest_zip: Path) -> None:
        competition_id = competition.id
        dest_zip = Path(dest_zip)
        dest_zip.parent.mkdir(parents=True, exist_ok=True)

        def attempt() -> None:
            # A fresh folder per attempt, beside dest (same filesystem; `.tmp-` so that
            # remove_stale_temporaries cleans it up after a kill): nothing partial is reused.
            workdir = Path(
                tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{dest_zip.name}.kaggle-", dir=dest_zip.parent)
            )
            try:
                downloaded = self._download_once(competition_id, workdir)
                with atomic_path(dest_zip) as tmp:
                    os.replace(downloaded, tmp)
            finally:
                shutil.rmtree(workdir, ignore_errors=True)

        self._with_retries(f"download of {competition_id!r}", attempt)
        log.info("downloaded Kaggle data for %s to %s", competition_id, dest_zip)

    def download_leaderboard(self, competition_id: str, dest_csv: Path) -> None:
        """Write the competition's leaderboard (best team first) as MLE-bench's CSV."""
        rows = self._with_retries(
            f"leaderboard of {competition_id!r}", lambda: self._leaderboard_once(competition_id)
        )
        if not rows:
            raise KaggleApiError(
                f"Kaggle returned an empty leaderboard for {competition_id!r}; "
                "there is nothing to grade against"
            )
        with atomic_path(Path(dest_csv)) as tmp:
            with open(tmp, "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(LEADERBOARD_HEADER)
                writer.writerows(_leaderboard_row(row) for row in rows)
        log.info("wrote %d leaderboard rows for %s to %s", len(rows), competition_id, dest_csv)

    # -- one attempt ----------------------------------------------------------------

    def _download_once(self, competition_id: str, workdir: Path) -> Path:
        api, secrets = _authenticated_api()  # first: it reports a missing client clearly
        from kagglesdk.competitions.types.competition_api_service import (
            ApiDownloadDataFilesRequest,
        )

        outfile = workdir / f"{competition_id}.zip"
        with _translated(competition_id, secrets, api):
            with api.build_kaggle_client() as client:
                self._add_timeout(client)
                request = ApiDownloadDataFilesRequest()
                request.competition_name = competition_id
                response = client.competitions.competition_api_client.download_data_files(request)
                try:
                    expected = response.headers.get("Content-Length")
                    try:
                        api.download_file(
                            response,
                            str(outfile),
                            client.http_client(),
                            quiet=True,
                            resume=False,
                            max_retries=0,
                        )
                    except ValueError as err:  # the client's own size check
                        raise KaggleIncompleteDownloadError(
                            f"download of {competition_id!r} was cut short ({err})"
                        ) from err
                finally:
                    response.close()
        size = outfile.stat().st_size if outfile.is_file() else 0
        if expected is not None and expected.isdigit() and size != int(expected):
            raise KaggleIncompleteDownloadError(
                f"download of {competition_id!r} is {size} bytes but Kaggle announced "
                f"{expected} (Content-Length); it was cut short"
            )
        try:
            check_zip(outfile)
        except ArchiveRefused:
            raise  # a whole but hostile archive: downloading it again would not help
        except SourceError as err:
            raise KaggleIncompleteDownloadError(
                f"download of {competition_id!r} is not an intact zip ({size} bytes): {err}"
            ) from err
        return outfile

    def _leaderboard_once(self, competition_id: str) -> list[Any]:
        api, secrets = _authenticated_api()
        from kagglesdk.competitions.types.competition_api_service import ApiGetLeaderboardRequest

        rows: list[Any] = []
        seen_tokens: set[str] = set()
        token = ""
        with _translated(competition_id, secrets, api):
            with api.build_kaggle_client() as client:
                self._add_timeout(client)
                for _ in range(_MAX_LEADERBOARD_PAGES):
                    request = ApiGetLeaderboardRequest()
                    request.competition_name = competition_id
                    request.page_size = self.leaderboard_page_size
                    if token:
                        request.page_token = token
                    page = client.competitions.competition_api_client.get_leaderboard(request)
                    rows.extend(page.submissions or [])
                    token = page.next_page_token or ""
                    if not token:
                        return rows
                    if token in seen_tokens:
                        break
                    seen_tokens.add(token)
        raise KaggleApiError(
            f"Kaggle's leaderboard of {competition_id!r} does not end "
            f"(page token repeated or over {_MAX_LEADERBOARD_PAGES} pages)"
        )

    def _add_timeout(self, client: Any) -> None:
        """Give the client's ``requests`` session a default timeout (it sets none itself)."""
        import requests

        session = getattr(client.http_client(), "_session", None)
        if not isinstance(session, requests.Session):
            log.debug("kaggle client has no requests session to add a timeout to")
            return
        adapter = _timeout_adapter(self.timeout_seconds)
        session.mount("https://", adapter)
        session.mount("http://", adapter)

    # -- retries --------------------------------------------------------------------

    # A loop of our own rather than tenacity: it honours Retry-After, counts attempts into
    # the error it raises and takes an injectable sleep, in fewer lines than configuring those.
    def _with_retries(self, what: str, attempt: Callable[[], T]) -> T:
        attempts = max(0, self.retries) + 1
        for number in range(1, attempts + 1):
            try:
                return attempt()
            except KaggleTransientError as err:
                if number == attempts:
                    final = type(err)(f"{err} — gave up after {attempts} attempt(s)")
                    raise final from err
                delay = self._delay(number, err)
                log.warning(
                    "Kaggle %s failed (attempt %d/%d): %s; retrying in %.1f s",
                    what,
                    number,
                    attempts,
                    err,
                    delay,
                )
                self.sleep(delay)
        raise AssertionError("unreachable")

    def _delay(self, retry_number: int, err: KaggleTransientError) -> float:
        delay = self.backoff_seconds * 2 ** (retry_number - 1)
        if err.retry_after is not None:
            delay = max(delay, err.retry_after)
        return min(delay, self.max_backoff_seconds)


def download_leaderboard(competition_id: str, dest_csv: Path) -> None:
    """``KaggleSource().download_leaderboard`` with default retry settings."""
    KaggleSource().download_leaderboard(competition_id, dest_csv)


# -- client plumbing --------------------------------------------------------------------


def _import_kaggle_api() -> type:
    try:
        # Importing `kaggle` authenticates once and prints help when that fails; the
        # real authentication (with a clear error) is done by _authenticated_api.
        with contextlib.redirect_stdout(io.StringIO()):
            from kaggle.api.kaggle_api_extended import KaggleApi
    except ImportError as err:
        raise KaggleError(
            f"the Kaggle client is not installed ({err}); "
            "install it with `pip install kaggle==2.2.4` (it also needs `six`)"
        ) from err
    return KaggleApi


def _authenticated_api() -> tuple[Any, list[str]]:
    """A KaggleApi that has authenticated, and the secrets to keep out of messages."""
    kaggle_api = _import_kaggle_api()
    api = kaggle_api()
    secrets = _env_secrets()
    try:
        with _translated(None, secrets, None), contextlib.redirect_stdout(io.StringIO()):
            api.authenticate()
    except SystemExit:
        raise KaggleCredentialsMissingError(
            missing_credentials_message(getattr(api, "config", None))
        ) from None
    values = getattr(api, "config_values", {}) or {}
    secrets += [v for k, v in values.items() if k in ("key", "token") and isinstance(v, str)]
    return api, secrets


def _env_secrets() -> list[str]:
    return [v for k in ("KAGGLE_KEY", "KAGGLE_API_TOKEN") if (v := os.environ.get(k))]


def _credential_source(api: Any) -> str:
    values = (getattr(api, "config_values", None) or {}) if api is not None else {}
    method = str(values.get("auth_method", ""))
    if "ACCESS_TOKEN" in method:
        return "the access token (KAGGLE_API_TOKEN or ~/.kaggle/access_token)"
    if "OAUTH" in method:
        return "the OAuth login (`kaggle auth login`)"
    if os.environ.get("KAGGLE_USERNAME") and os.environ.get("KAGGLE_KEY"):
        return "KAGGLE_USERNAME/KAGGLE_KEY"
    config = getattr(api, "config", None)
    return f"the username/key in {config}" if config else "the configured credentials"


def _timeout_adapter(seconds: float) -> Any:
    from requests.adapters import HTTPAdapter

    class _TimeoutAdapter(HTTPAdapter):
        def send(self, request: Any, timeout: Any = None, **kwargs: Any) -> Any:  # type: ignore[override]
            return super().send(request, timeout=seconds if timeout is None else timeout, **kwargs)

    return _TimeoutAdapter()


_URL_QUERY = re.compile(r"\?[^\s'\")]*")


def _clean(text: str, secrets: list[str]) -> str:
    """Drop URL query strings (signed download URLs) and any credential from ``text``."""
    text = _URL_QUERY.sub("?…", text)
    for secret in secrets:
        if len(secret) >= 4:
            text = text.replace(secret, "***")
    return text


def _server_message(response: Any) -> str:
    """Kaggle's own error message from a JSON error body, else the HTTP reason."""
    if "json" in response.headers.get("Content-Type", ""):
        with contextlib.suppress(ValueError):
            payload = response.json()
            if isinstance(payload, dict) and payload.get("message"):
                return str(payload["message"])
    return str(response.reason or "")


@contextlib.contextmanager
def _translated(competition_id: str | None, secrets: list[str], api: Any):  # noqa: ANN202
    """Turn the client's ``requests`` exceptions into actionable KaggleErrors."""
    import requests

    try:
        yield
    except requests.HTTPError as err:
        raise _http_error(err, competition_id, secrets, api) from err
    except (
        requests.exceptions.ChunkedEncodingError,
        requests.exceptions.ContentDecodingError,
    ) as err:
        raise KaggleIncompleteDownloadError(
            f"the download from Kaggle was cut short: {_clean(str(err), secrets)}"
        ) from err
    except (requests.ConnectionError, requests.Timeout) as err:
        kind = "timed out" if isinstance(err, requests.Timeout) else "failed"
        raise KaggleNetworkError(
            f"connection to Kaggle {kind} ({type(err).__name__}: {_clean(str(err), secrets)}); "
            "check the network, any HTTPS_PROXY setting, and that api.kaggle.com is reachable"
        ) from err
    except requests.RequestException as err:
        raise KaggleApiError(
            f"request to Kaggle failed ({type(err).__name__}: {_clean(str(err), secrets)})"
        ) from err


def _http_error(err: Any, competition_id: str | None, secrets: list[str], api: Any) -> KaggleError:
    response = err.response
    status = getattr(response, "status_code", None)
    message = _clean(_server_message(response) if response is not None else str(err), secrets)
    what = f"competition {competition_id!r}" if competition_id else "Kaggle"
    redirected = bool(getattr(response, "history", None))
    if redirected and status in (401, 403, 404, 410):
        # The storage host refused the signed URL Kaggle redirected to (expired, say):
        # asking Kaggle again gives a fresh one.
        return KaggleServerError(
            f"the storage host refused the download URL for {what} (HTTP {status}: {message})"
        )
    if status == 401:
        return KaggleAuthError(
            f"Kaggle rejected the credentials (HTTP 401: {message}) taken from "
            f"{_credential_source(api)}; they are wrong, expired or revoked. Create a new "
            f"token at {SETTINGS_URL} and update them"
        )
    if status == 403:
        if "rules" in message.lower() and competition_id:
            return KaggleRulesNotAcceptedError(
                f"you have not accepted the rules of {what} (HTTP 403: {message}). Open "
                f"{rules_url(competition_id)} signed in as the account whose credentials "
                "this machine uses, accept the rules, then run again"
            )
        return KaggleForbiddenError(
            f"Kaggle refused access to {what} (HTTP 403: {message}); check that the account "
            "may see it (and has joined it, if it is invitation-only)"
        )
    if status == 404:
        return KaggleNotFoundError(
            f"Kaggle has no {what} (HTTP 404: {message}); check the id in the competition's "
            "config.yaml (Kaggle also answers 404 for competitions this account cannot see)"
        )
    if status == 429:
        limited = KaggleRateLimitError(f"Kaggle is rate-limiting requests (HTTP 429: {message})")
        limited.retry_after = _retry_after(response)
        return limited
    if status is not None and status >= 500:
        return KaggleServerError(f"Kaggle had a server error (HTTP {status}: {message})")
    return KaggleApiError(f"Kaggle refused the request for {what} (HTTP {status}: {message})")


def _retry_after(response: Any) -> float | None:
    value = response.headers.get("Retry-After", "") if response is not None else ""
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # absent, or an HTTP date: fall back to exponential backoff


def _leaderboard_row(submission: Any) -> list[object]:
    score = submission.score
    has_score = score is not None and str(score) != ""
    date = submission.submission_date
    return [
        score if has_score else "",
        submission.team_id,
        bool(submission.team_name),
        date.isoformat(sep=" ") if date is not None else "",
        score if has_score else "",
        has_score,
    ]
