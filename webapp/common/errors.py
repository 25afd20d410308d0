"""What a use case refuses, and the HTTP status each refusal becomes."""


class ServiceError(Exception):
    status = 400
    headers: dict[str, str] = {}  # extra response headers, e.g. Retry-After

    def __init__(self, message: str, errors: dict | list | None = None, **params):
        """`message` is English with %(name)s placeholders, translated when shown; `params` fill them."""
        super().__init__(message % params if params else message)
        self.message = message
        self.errors = errors
        self.params = params


class NotFound(ServiceError):
    status = 404


class PermissionDenied(ServiceError):
    status = 403


class Conflict(ServiceError):
    """Stale or already-done: the caller can reload and retry."""

    status = 409


class Invalid(ServiceError):
    """Input the rules refuse; `errors` says which field and why."""

    status = 422


class TooManyAttempts(ServiceError):
    """A client tried too often in too short a time; `retry_after` is in seconds."""

    status = 429

    def __init__(self, message: str, retry_after: int, **params):
        super().__init__(message, **params)
        self.headers = {"Retry-After": str(max(1, retry_after))}
