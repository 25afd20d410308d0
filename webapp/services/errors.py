"""What a use case refuses, and the HTTP status each refusal becomes."""


class ServiceError(Exception):
    status = 400

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
