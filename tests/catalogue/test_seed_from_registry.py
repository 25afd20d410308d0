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
    assert rows == {e.code: (e.today_zh, e.today_en, e.kind, e.level) for e in REGISTRY}


def test_each_department_is_seeded_under_today_s_name_with_every_old_name_an_alias(app):
    with app.app_context():
        rows = {d.code: d for d in db.session.scalars(select(Department))}
        banking = rows["YJJ"]
        assert banking.name_zh == "国家金融监督管理总局新疆监管局"
        assert {"新疆银监局", "中国银保监会新疆监管局"} <= set(banking.aliases)
        assert [h["on"] for h in banking.name_history] == ["2018-12", "2023-07-20"]
        assert rows["RHZX"].name_zh == "中国人民银行新疆维吾尔自治区分行"
        assert rows["JRB"].name_zh == "自治区地方金融管理局"
        assert rows["SJT"].name_zh == "自治区审计厅"  # 第十一条: the audit of the special funds
        assert rows["CZT"].name_history is None  # never renamed
        db.session.remove()
