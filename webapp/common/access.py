"""Role checks for views: a refusal is a 403 page with the reason."""

from functools import wraps

from flask_login import current_user, login_required

from webapp.common.errors import PermissionDenied


def role_required(*roles: str):
    def decorate(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if str(current_user.role) not in roles:
                raise PermissionDenied("Your account may not open this page.")
            return view(*args, **kwargs)

        return wrapped

    return decorate
