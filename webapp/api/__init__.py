"""The JSON API (/api/v1) for other agencies' systems and scripted tests; bearer-token auth.

This package is the API's plumbing (the blueprint, token auth, serializers, shared schemas, the
generated OpenAPI document); each room's endpoints live in its own `api/` package and attach to `api_bp`.
"""

from flask_smorest import Blueprint

# flask-smorest's Blueprint: each route declares its answers (marshmallow schemas) and the OpenAPI
# document is generated from those declarations (webapp/api/openapi.py).
api_bp = Blueprint("api", __name__, url_prefix="/api/v1")

from webapp.api import auth, openapi  # noqa: E402,F401
from webapp.applications.api import applications, lookup  # noqa: E402,F401
from webapp.department_work.api import send_back, tasks  # noqa: E402,F401
from webapp.documents.api import documents  # noqa: E402,F401
from webapp.money.api import funds  # noqa: E402,F401
from webapp.people.api import notifications  # noqa: E402,F401
from webapp.processes.api import definitions, programs  # noqa: E402,F401
from webapp.statistics.api import statistics  # noqa: E402,F401
