from functools import wraps

from flask import current_app, g, request
from marshmallow import fields

from webapp.api import api_bp
from webapp.api.schemas import Out, body, refusals
from webapp.common.errors import Invalid, ServiceError
from webapp.people.services import accounts, sign_in


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


class TokenSchema(Out):
    token = fields.String()
    expires_in = fields.Integer(metadata={"description": "seconds"})
    role = fields.String()


class Credentials(Out):
    username = fields.String(required=True)
    password = fields.String(required=True)


@api_bp.post("/auth/token")
@api_bp.response(200, TokenSchema)
@api_bp.doc(security=[])
@body(Credentials)
@refusals(401, 422, 429, s403="The account is deactivated")
def issue_token():
    """Exchange a user name and password for a bearer token"""
    body = json_body()
    username, password = body.get("username"), body.get("password")
    if not isinstance(username, str) or not isinstance(password, str):
        raise Invalid('Send the user name and password as text: {"username": "…", "password": "…"}.')
    user = sign_in.authenticate(username, password, request.remote_addr)
    if user is None:
        raise Unauthorized("Wrong user name or password.")
    accounts.ensure_active(user)
    hours = current_app.config["API_TOKEN_HOURS"]
    return {"token": accounts.issue_token(user, hours), "expires_in": hours * 3600, "role": str(user.role)}
