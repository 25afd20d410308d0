"""Demo accounts for trying the product: a staff account for every department that acts in a
program (user name = department code in lower case) and its head (`<code>_head`), an
administrator and two enterprises.

Never in production: the passwords are printed in the README.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from webapp.common.errors import PermissionDenied
from webapp.common.transaction import unit_of_work
from webapp.extensions import db
from webapp.models import Department, Enterprise, Role, User
from workflows import sme_size
from workflows.catalogue.chains import FINANCE
from workflows.catalogue.departments import by_code
from workflows.programs import all_programs

DEMO_PASSWORD = "demo12345"  # noqa: S105 - printed in the README on purpose
NAMED_STAFF = {"JXW": "经信委 王审核", "KJT": "科技厅 李专家", "CZT": "财政厅 张会计"}
DEMO_ENTERPRISES = [
    ("tianshan", "天山精密机械有限公司", "91650100MA77XK4R3R", "天山机械 刘经理"),
    ("kunlun", "昆仑新材料科技有限公司", "91650104MA78B2NJ0M", "昆仑新材 马总"),
]
# Applicants that are not enterprises (issue 14): the rules pay schools, banks and start-up bases too.
DEMO_INSTITUTIONS = {
    # username: (name, credit code, contact, applicant type)
    "chuangye": ("天山小企业创业基地管理有限公司", "91650100MA7CHY001J", "创业基地 周主任", "incubator"),
    "zhiye": ("新疆轻工职业技术学院", "12650000MB0310026Y", "轻工职院 古丽老师", "vocational_school"),
    "xjbank": ("新疆某农村商业银行股份有限公司", "91650100MA0BAN300J", "农商行 陈行长", "financial_institution"),
}

DEMO_BANK_ACCOUNTS = {
    "tianshan": ("中国工商银行乌鲁木齐新市区支行", "3002 0011 0920 0123 456"),
    "kunlun": ("中国农业银行昌吉分行", "3078 0101 0400 0567 890"),
}

# Region, industry, size and contact, so that the size class and the pre-check have facts to read.
DEMO_PROFILES = {
    "tianshan": (
        "乌鲁木齐市",
        "新市区",
        "industry",
        120,
        Decimal("35000000"),
        Decimal("28000000"),
        "刘经理",
        "0991-3861234",
    ),
    "kunlun": (
        "昌吉回族自治州",
        "昌吉市",
        "industry",
        45,
        Decimal("8000000"),
        Decimal("6000000"),
        "马总",
        "0994-2345678",
    ),
}


def seed_demo_accounts(is_production: bool) -> list[dict]:
    if is_production:
        raise PermissionDenied("Demo accounts are never created in production.")
    with unit_of_work():
        _ensure_user("admin", "系统管理员 Admin", Role.ADMIN)
        audit_office = db.session.scalar(select(Department).where(Department.code == "SJT"))
        _ensure_user("auditor", "审计厅 审计员", Role.AUDITOR, department=audit_office)
        for username, code, name in demo_staff():
            department = db.session.scalar(select(Department).where(Department.code == code))
            _ensure_user(username, name, Role.STAFF, department=department)
        for username, code, name in demo_heads():
            department = db.session.scalar(select(Department).where(Department.code == code))
            _ensure_user(username, name, Role.HEAD, department=department)
        for username, enterprise_name, credit_code, name in DEMO_ENTERPRISES:
            enterprise = db.session.scalar(select(Enterprise).where(Enterprise.credit_code == credit_code))
            if enterprise is None:
                enterprise = Enterprise(name=enterprise_name, credit_code=credit_code)
                db.session.add(enterprise)
            if enterprise.industry is None:
                _fill_profile(enterprise, DEMO_PROFILES[username])
            if enterprise.bank_account is None:  # where its grants are paid
                enterprise.bank_name, enterprise.bank_account = DEMO_BANK_ACCOUNTS[username]
            _ensure_user(username, name, Role.APPLICANT, enterprise=enterprise, enterprise_role="owner")
        _ensure_institutions()
    return demo_accounts()


def _ensure_institutions() -> None:
    for username, (name, credit_code, contact, applicant_type) in DEMO_INSTITUTIONS.items():
        institution = db.session.scalar(select(Enterprise).where(Enterprise.credit_code == credit_code))
        if institution is None:
            institution = Enterprise(name=name, credit_code=credit_code, applicant_type=applicant_type)
            db.session.add(institution)
        _ensure_user(username, contact, Role.APPLICANT, enterprise=institution, enterprise_role="owner")


def demo_staff() -> list[tuple[str, str, str]]:
    """(user name, department code, display name) for every department any program routes work to."""
    codes = []
    for program in all_programs().values():
        codes += [program.lead, *program.assisting, FINANCE]
    staff = []
    for code in dict.fromkeys(codes):
        name = NAMED_STAFF.get(code, f"{by_code(code).short_name} 经办人")
        staff.append((code.lower(), code, name))
    return staff


def demo_heads() -> list[tuple[str, str, str]]:
    """(user name, department code, display name): the head of each department with demo staff."""
    heads = []
    for _username, code, _name in demo_staff():
        entry = by_code(code)
        title = "处长" if entry.kind == "government" else "负责人"
        heads.append((f"{code.lower()}_head", code, f"{entry.short_name} {title}"))
    return heads


def demo_accounts() -> list[dict]:
    staff = [u for u, *_ in demo_staff()] + [u for u, *_ in demo_heads()]
    names = ["admin", "auditor", *staff] + [u for u, *_ in DEMO_ENTERPRISES] + list(DEMO_INSTITUTIONS)
    users = {u.username: u for u in db.session.scalars(select(User).where(User.username.in_(names)))}
    return [
        {
            "username": name,
            "password": DEMO_PASSWORD,
            "role": str(users[name].role),
            "department": users[name].department.code if users[name].department else None,
            "enterprise": users[name].enterprise.name if users[name].enterprise else None,
        }
        for name in names
        if name in users
    ]


def _fill_profile(enterprise: Enterprise, profile: tuple) -> None:
    (prefecture, county, industry, employees, revenue, assets, contact, phone) = profile
    enterprise.region_prefecture, enterprise.region_county = prefecture, county
    enterprise.industry, enterprise.employees, enterprise.revenue, enterprise.total_assets = (
        industry,
        employees,
        revenue,
        assets,
    )
    enterprise.contact_name, enterprise.contact_phone = contact, phone
    enterprise.size_class = sme_size.classify(industry, employees, revenue, assets)


def _ensure_user(username, display_name, role, department=None, enterprise=None, enterprise_role=None) -> User:
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        user = User(
            username=username,
            display_name=display_name,
            role=role,
            department=department,
            enterprise=enterprise,
            enterprise_role=enterprise_role,
        )
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)
    return user
