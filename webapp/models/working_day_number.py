from datetime import date

from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db


class WorkingDayNumber(db.Model):
    """Each calendar day numbered by the working days up to and including it (statistics).

    Working days between two dates are then one subtraction in SQL: number(completed day) −
    number(received day) counts the working days after receipt up to the completion, as the
    deadlines do. Rebuilt from the working calendar (webapp/statistics/services/day_numbers.py)
    whenever administrators enter days and whenever a figure needs a day not yet numbered.
    """

    __tablename__ = "working_day_numbers"

    day: Mapped[date] = mapped_column(primary_key=True)
    number: Mapped[int]
