from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db


class SignInThrottle(db.Model):
    """Failed sign-ins of one account, or from one client, in the current window.

    One row per key, counted up by a conditional UPDATE that must hit the row, so that every
    gunicorn worker and node shares one exact count even under a burst (see services/sign_in.py).
    """

    __tablename__ = "sign_in_throttles"

    # "account:" or "client:" and a keyed hash of the user name or IP: no names or addresses kept.
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    window_start: Mapped[datetime]
