"""`seed_departments` inserts the catalogue's registry, and again inserts nothing."""

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Department
from webapp.processes.services import seed
from workflows.catalogue.departments import REGISTRY


def test_the_seeded_departments_are_the_registry_and_seeding_again_adds_none(app):
    with app.app_context():
        assert seed.seed_departments() == 0
        rows = {d.code: (d.name_zh, d.name_en, d.kind, d.level) for d in db.session.scalars(select(Department))}
        db.session.remove()
    assert rows == {e.code: (e.name_zh, e.name_en, e.kind, e.level) for e in REGISTRY}
