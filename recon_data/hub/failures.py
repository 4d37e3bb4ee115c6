"""Turn `huggingface_hub` exceptions into one-line reasons a user can act on, with the token scrubbed."""

from __future__ import annotations

from dataclasses import dataclass

NOT_LOGGED_IN = "not logged in: set HF_TOKEN or run `hf auth login`"

# Transport libraries huggingface_hub has used across versions; their errors mean "no network".
_TRANSPORT_MODULES = frozenset({"httpx", "httpx2", "httpcore", "requests", "urllib3"})


@dataclass(frozen=True)
class HubFailure:
    """A classified Hub error: `offline`, `rejected`, `not_found` or `http`, and why."""

    kind: str
    reason: str


def classify(exc: BaseException, *, token: str | None = None) -> HubFailure | None:
    """Classify a Hub client exception; None when it is not a Hub or network error."""
    from huggingface_hub import errors

    if isinstance(exc, errors.OfflineModeIsEnabled):
        return HubFailure("offline", "offline mode is on (HF_HUB_OFFLINE is set)")
    if isinstance(exc, errors.LocalEntryNotFoundError):
        return HubFailure("offline", "cannot reach the Hub and no copy is cached")
    if isinstance(exc, errors.GatedRepoError):
        return HubFailure("rejected", "the dataset is gated: accept its terms on the Hub first")
    # The Hub answers 401 both for a bad token and for a repo the caller may not see, and the
    # client files both under RepositoryNotFoundError: the status is the reliable part.
    if isinstance(exc, errors.HfHubHTTPError) and status_code(exc) in (401, 403):
        return _http_failure(exc, token)
    if isinstance(exc, errors.RepositoryNotFoundError):
        return HubFailure(
            "not_found", "no such dataset on the Hub (or it is private to another account)"
        )
    if isinstance(exc, errors.RevisionNotFoundError):
        return HubFailure("not_found", "no such revision on the Hub")
    if isinstance(exc, errors.HfHubHTTPError):
        return _http_failure(exc, token)
    if isinstance(exc, (ConnectionError, TimeoutError)) or _is_transport_error(exc):
        return HubFailure("offline", f"cannot reach the Hub ({type(exc).__name__})")
    return None


def _http_failure(exc: BaseException, token: str | None) -> HubFailure:
    status = status_code(exc)
    detail = getattr(exc, "server_message", None) or ""
    detail = scrub(" ".join(str(detail).split()), token)[:200]
    suffix = f": {detail}" if detail else ""
    if status == 401:
        return HubFailure(
            "rejected",
            f"the Hub refused the token (401 unauthorized: missing, invalid or expired, or no access to the repo){suffix}",
        )
    if status == 403:
        return HubFailure(
            "rejected", f"the Hub refused the request (403 forbidden; no write access){suffix}"
        )
    if status == 404:
        return HubFailure("not_found", f"not found on the Hub (404){suffix}")
    return HubFailure("http", f"the Hub answered HTTP {status}{suffix}")


def _is_transport_error(exc: BaseException) -> bool:
    return any(cls.__module__.split(".")[0] in _TRANSPORT_MODULES for cls in type(exc).__mro__)


def status_code(exc: BaseException) -> int | None:
    """Return the HTTP status of a Hub HTTP error, if it carries one."""
    return getattr(getattr(exc, "response", None), "status_code", None)


def scrub(text: str, token: str | None) -> str:
    """Replace every occurrence of the token in `text` (no-op without a token)."""
    return text.replace(token, "***") if token else text
