from functools import wraps

from flask import current_app, g, jsonify, request

from webapp.api import api_bp
from webapp.common.errors import Invalid, ServiceError
from webapp.people.services import accounts


class Unauthorized(ServiceError):
    status = 401


def token_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        user = accounts.user_for_token(token.strip()) if scheme.lower() == "bearer" and token else None
        if user is None:
            raise Unauthorized("A valid bearer token is required: POST /api/v1/auth/token.")
        accounts.ensure_active(user)
        g.api_user = user
        return view(*args, **kwargs)

    return wrapped


def json_body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise Invalid("The request body must be a JSON object.")
    return body


def form_data(body: dict) -> dict:
    """The `data` object of a request body: the form's fields by name."""
    data = body.get("data", {})
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise Invalid("'data' must be a JSON object of field values.")
    return data


@api_bp.post("/auth/token")
def issue_token():
    body = json_body()
    user = accounts.authenticate(str(body.get("username", "")), str(body.get("password", "")))
    if user is None:
        raise Unauthorized("Wrong user name or password.")
    accounts.ensure_active(user)
    hours = current_app.config["API_TOKEN_HOURS"]
    return jsonify(token=accounts.issue_token(user, hours), expires_in=hours * 3600, role=str(user.role))
