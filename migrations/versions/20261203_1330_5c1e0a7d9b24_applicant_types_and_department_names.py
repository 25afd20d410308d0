"""Applicants of every kind the rules pay, and departments under the names they carry today.

enterprises.applicant_type: the rules pay vocational schools, banks, guarantee agencies,
start-up bases, parks, service platforms and venture-capital enterprises as well as SMEs (issue
14); every existing applicant is an enterprise (server default).

departments.name_history: each renaming since the 2011 rules, oldest first, as
[{"on", "name_zh", "name_en", "source"}]. The bodies renamed by the 2018 and 2023 reforms take
their present names; the names of 2011 stay among the aliases, so lanes and cases that name them
keep routing (docs/departments-today.md gives the sources). A row an administrator already
renamed is left alone.

Revision ID: 5c1e0a7d9b24
Revises: d0c5a1e9b7f2
Create Date: 2026-12-03 13:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5c1e0a7d9b24'
down_revision = 'd0c5a1e9b7f2'
branch_labels = None
depends_on = None

REFORM_2018 = "《新疆维吾尔自治区机构改革方案》（中共中央办公厅、国务院办公厅印发，2018年）"
# code: (the 2011 name, its English, [(on, today's name, short name, English, source), ...])
RENAMED = {
    "JXW": ("自治区经信委", "Economic and Information Technology Commission", [
        ("2018-11", "自治区工业和信息化厅", "工业和信息化厅", "Department of Industry and Information Technology",
         REFORM_2018),
    ]),
    "JRB": ("自治区金融办", "Financial Affairs Office", [
        ("2018-11", "自治区地方金融监督管理局", "地方金融监督管理局",
         "Local Financial Supervision and Administration Bureau", REFORM_2018),
        ("2024", "自治区地方金融管理局", "地方金融管理局", "Local Financial Administration",
         "《党和国家机构改革方案》（2023年3月）：地方金融监管体制改革，2024年地方机构改革落地"),
    ]),
    "RHZX": ("人民银行乌鲁木齐中心支行", "People's Bank of China Urumqi Central Sub-branch", [
        ("2023-08-18", "中国人民银行新疆维吾尔自治区分行", "人民银行新疆分行",
         "People's Bank of China Xinjiang Uygur Autonomous Region Branch",
         "《党和国家机构改革方案》（2023年3月）：中国人民银行分支机构改革，省级分行统一挂牌（2023年8月18日）"),
    ]),
    "YJJ": ("新疆银监局", "Xinjiang Banking Regulatory Bureau", [
        ("2018-12", "中国银保监会新疆监管局", "新疆银保监局", "CBIRC Xinjiang Office",
         "《深化党和国家机构改革方案》（2018年3月）：组建中国银行保险监督管理委员会及其派出机构"),
        ("2023-07-20", "国家金融监督管理总局新疆监管局", "新疆金融监管局", "NFRA Xinjiang Office",
         "《党和国家机构改革方案》（2023年3月）；国家金融监督管理总局派出机构统一挂牌（2023年7月20日）"),
    ]),
    "GTZYT": ("自治区国土资源厅", "Department of Land and Resources", [
        ("2018-11", "自治区自然资源厅", "自然资源厅", "Department of Natural Resources", REFORM_2018),
    ]),
    "HBT": ("自治区环保厅", "Department of Environmental Protection", [
        ("2018-11", "自治区生态环境厅", "生态环境厅", "Department of Ecology and Environment", REFORM_2018),
    ]),
}

departments = sa.table(
    "departments",
    sa.column("code", sa.String),
    sa.column("name_zh", sa.String),
    sa.column("name_en", sa.String),
    sa.column("aliases", sa.JSON),
    sa.column("name_history", sa.JSON),
)


def upgrade():
    with op.batch_alter_table('enterprises', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('applicant_type', sa.String(length=32), server_default='enterprise', nullable=False)
        )
    with op.batch_alter_table('departments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_history', sa.JSON(), nullable=True))
    connection = op.get_bind()
    for code, (old_zh, _old_en, changes) in RENAMED.items():
        row = connection.execute(
            sa.select(departments.c.name_zh, departments.c.aliases).where(departments.c.code == code)
        ).first()
        if row is None or row.name_zh != old_zh:
            continue  # not seeded yet (the seed writes today's names), or renamed by an administrator
        names = [n for change in changes for n in (change[1], change[2])]
        aliases = list(dict.fromkeys([*(row.aliases or []), old_zh, *names]))
        history = [{"on": c[0], "name_zh": c[1], "name_en": c[3], "source": c[4]} for c in changes]
        connection.execute(
            departments.update()
            .where(departments.c.code == code)
            .values(name_zh=changes[-1][1], name_en=changes[-1][3], aliases=aliases, name_history=history)
        )


def downgrade():
    connection = op.get_bind()
    for code, (old_zh, old_en, changes) in RENAMED.items():
        connection.execute(
            departments.update()
            .where(departments.c.code == code, departments.c.name_zh == changes[-1][1])
            .values(name_zh=old_zh, name_en=old_en)
        )
    with op.batch_alter_table('departments', schema=None) as batch_op:
        batch_op.drop_column('name_history')
    with op.batch_alter_table('enterprises', schema=None) as batch_op:
        batch_op.drop_column('applicant_type')
