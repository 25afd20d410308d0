"""Factories for people the demo data does not have."""

from sqlalchemy import select

from tests.support.actors import DEMO_PASSWORD
from webapp.extensions import db
from webapp.models import Department, Role, User


def create_staff(app, username: str, department_code: str) -> None:
    with app.app_context():
        _add_staff(username, department_code)


def _add_staff(username: str, department_code: str) -> User:
    department = db.session.scalar(select(Department).where(Department.code == department_code))
    user = User(
        username=username, display_name=f"{department.name_zh} {username}", role=Role.STAFF, department=department
    )
    user.set_password(DEMO_PASSWORD)
    db.session.add(user)
    db.session.commit()
    return user
