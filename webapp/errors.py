"""Every refusal becomes a clear 4xx: JSON under /api, a page elsewhere. Never a 500 for bad input."""

from flask import jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from webapp.common.errors import ServiceError

HTTP_MESSAGES = {
    400: _l("The request could not be understood."),
    401: _l("Please log in."),
    403: _l("You may not do this."),
    404: _l("There is nothing at this address."),
    405: _l("This address does not accept that method."),
    413: _l("The upload is too large."),
}


def _wants_json() -> bool:
    # The API, and the page's in-place upload, which shows the message in the document's row.
    return request.path.startswith("/api/") or request.headers.get("X-Requested-With") == "upload"


def _respond(status: int, message: str, errors=None):
    if _wants_json():
        body = {"error": message}
        if errors is not None:
            body["errors"] = errors
        return jsonify(body), status
    return render_template("error.html", status=status, message=message, errors=errors), status


def register(app) -> None:
    @app.errorhandler(ServiceError)
    def service_error(exc: ServiceError):
        response = make_response(_respond(exc.status, _(exc.message, **exc.params), exc.errors))
        response.headers.update(exc.headers)
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        return _respond(400, _("The form expired or was sent from elsewhere; reload the page and try again."))

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        message = HTTP_MESSAGES.get(exc.code)
        return _respond(exc.code or 500, str(message) if message else exc.description or exc.name)
