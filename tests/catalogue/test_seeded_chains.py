"""The seed loads every generated chain; regenerating updates them, but never over an administrator's change."""

from sqlalchemy import func, select

from webapp.extensions import db
from webapp.models import ProcessDefinition, User
from webapp.processes.services import definitions, seed
from workflows.catalogue.catalogue import load_catalogue
from workflows.catalogue.generate import clause_chains
from workflows.catalogue.grants import GRANTS

CHAINS = {c.key: c for c in clause_chains(load_catalogue())}


def versions(key: str) -> list[ProcessDefinition]:
    query = select(ProcessDefinition).where(ProcessDefinition.key == key).order_by(ProcessDefinition.version)
    return list(db.session.scalars(query))


def test_every_clause_chain_and_grant_program_is_installed(app):
    with app.app_context():
        keys = set(db.session.scalars(select(ProcessDefinition.key)))
    assert set(CHAINS) <= keys
    assert {g.process_id for g in GRANTS} <= keys
    assert "sme_18_1_new_product" in keys


def test_regeneration_updates_untouched_chains_but_keeps_an_administrator_s_change(app, monkeypatch):
    untouched, changed = "rules_01_clause_1", "rules_14_clause_1"
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.username == "admin"))
        edited = CHAINS[changed].bpmn.replace("受理审查".encode(), "受理审查（管理员修改）".encode())
        definitions.upload_definition(admin, edited, [])

        def regenerated(process_dir):
            for key in (untouched, changed):
                yield CHAINS[key].bpmn.replace("审批决定".encode(), "审批决定（新版规则）".encode()), []

        monkeypatch.setattr(seed, "_product_processes", regenerated)
        loaded = seed.seed_processes(app.config["PROCESS_DIR"])

        assert [d.key for d in loaded] == [untouched]
        assert [d.version for d in versions(untouched)] == [1, 2]
        assert [d.version for d in versions(changed)] == [1, 2]
        assert "管理员修改" in versions(changed)[-1].bpmn_xml
        assert db.session.scalar(select(func.count()).select_from(ProcessDefinition)) >= len(CHAINS)
