"""The grant sub-points of the rules as programs: the form each needs and how its cap is computed.

Where the rules give a figure, the cap is that figure; where they give a rate, the cap is
computed from the form (300 yuan x students x the region's share); where they say 「适当补贴」
or give no figure, the cap is what was actually spent and the call sets the ceiling
(`needs_call_ceiling`). Every figure cites its sub-point. (十八)1 is the hand-drawn foundation
process in workflows/processes/; （四） and （六） and the grants to institutions live in their
own modules, gathered here in the order of the rules.
"""

from __future__ import annotations

from workflows.catalogue.bpmn_builder import FieldDef
from workflows.catalogue.dmn_builder import Refusal
from workflows.catalogue.grant_spec import (
    INCUBATOR,
    PARK,
    PROJECT,
    RULES,
    SERVICE_PLATFORM,
    SUMMARY,
    VOCATIONAL_SCHOOL,
    GrantSpec,
    count,
    enum,
    money,
    requested,
    text,
)
from workflows.catalogue.grants_employment import EMPLOYMENT_GRANTS
from workflows.catalogue.grants_funds import FUND_GRANTS
from workflows.catalogue.grants_institutions import INSTITUTION_GRANTS

__all__ = ["GRANTS", "RULES", "GrantSpec", "grant_for"]

OTHER_GRANTS: tuple[GrantSpec, ...] = (
    GrantSpec(
        11,
        2,
        "上市后备企业上市费用补贴",
        "Listing-cost subsidy for listing-reserve enterprises",
        (
            PROJECT,
            enum(
                "listing_board",
                "拟上市板块",
                "Board",
                ("chinext", "创业板", "ChiNext"),
                ("sme_board", "中小企业板", "SME board"),
                ("other", "其他", "Other"),
            ),
            money("listing_costs", "已发生的上市有关费用（元）", "Listing costs incurred (yuan)"),
            requested(),
            SUMMARY,
        ),
        cap="min(amount_requested, listing_costs)",
        basis=f"{RULES}（十一）2：上市有关费用由企业上市政策引导专项资金予以适当补贴，以实际发生费用为限，额度按申报通知",
        needs_call_ceiling=True,
    ),
    GrantSpec(
        13,
        1,
        "新设立中小企业服务中心开办费补助",
        "Start-up subsidy for new SME service centres",
        (
            text("centre_name", "服务中心名称", "Service centre"),
            FieldDef("established_on", "设立日期", "date", label_en="Established on", required=True),
            money("startup_costs", "开办费（元）", "Start-up costs (yuan)"),
            requested(),
            SUMMARY,
        ),
        cap="min(amount_requested, startup_costs)",
        basis=f"{RULES}（十三）1：对新设立的中小企业服务中心给予开办费补助，以实际开办费为限，额度按申报通知",
        needs_call_ceiling=True,
        applicants=(SERVICE_PLATFORM,),
        sme_only=False,
    ),
    GrantSpec(
        14,
        1,
        "小企业创业基地建设补助",
        "Subsidy for small-enterprise start-up bases",
        (
            PROJECT,
            enum(
                "base_kind",
                "基地类型",
                "Kind of base",
                ("new_or_expanded", "经认定的新建或改扩建小企业创业基地", "Recognised new or expanded start-up base"),
                ("park_base", "在园区（开发区）新建创业基地及标准厂房", "New base and standard factories in a park"),
            ),
            money("investment_incurred", "已发生投资额（元）", "Investment incurred (yuan)"),
            requested(2_000_000),
            SUMMARY,
        ),
        cap='min(amount_requested, investment_incurred, 1000000 if base_kind == "new_or_expanded" else 2000000)',
        basis=f"{RULES}（十四）1：按已发生投资额，新建或改扩建基地不超过100万元，园区新建基地及标准厂房不超过200万元",
        cap_yuan=2_000_000,
        applicants=(INCUBATOR, PARK),
        sme_only=False,
    ),
    GrantSpec(
        14,
        2,
        "小企业创业基地孵化补助",
        "Incubation subsidy by enterprises graduated last year",
        (
            text("base_name", "创业基地（孵化器）名称", "Start-up base (incubator)"),
            count(
                "graduated_enterprises", "上一年度成功孵化毕业企业个数", "Enterprises graduated last year", minimum=0
            ),
            requested(500_000),
            SUMMARY,
        ),
        cap="min(amount_requested, 500000)",
        basis=f"{RULES}（十四）2：按成功孵化毕业企业个数给予补助，最高不超过50万元",
        refusals=(Refusal("graduated_enterprises", "< 1", f"{RULES}（十四）2：上一年度须有成功孵化毕业的企业"),),
        cap_yuan=500_000,
        applicants=(INCUBATOR,),
        sme_only=False,
    ),
    GrantSpec(
        16,
        3,
        "地产品出口奖励",
        "Export reward by scale and growth",
        (
            PROJECT,
            money("export_value", "上一年度地产品出口额（元）", "Exports of local products last year (yuan)"),
            FieldDef("export_growth", "出口增长幅度（%）", "decimal", label_en="Export growth (%)", required=True),
            requested(),
            SUMMARY,
        ),
        cap="amount_requested",
        basis=f"{RULES}（十六）3：按《自治区地产品出口奖励办法》的出口规模和增长档次奖励",
        needs_call_ceiling=True,
        sme_only=False,  # 「凡出口地产品…的企业」
    ),
    GrantSpec(
        18,
        2,
        "产学研合作工业性试验（中试）项目补助",
        "Industry-university-research pilot-scale (industrial trial) projects",
        (
            PROJECT,
            text("partner_institution", "产学研合作单位", "Research partner"),
            money("pilot_budget", "中试项目总投资（元）", "Pilot project budget (yuan)"),
            requested(1_000_000),
            SUMMARY,
        ),
        cap="min(amount_requested, pilot_budget, 1000000)",
        basis=f"{RULES}（十八）2：对产学研合作的工业性试验（中试）项目给予不超过100万元的补助",
        cap_yuan=1_000_000,
    ),
    GrantSpec(
        18,
        3,
        "战略性新兴产业技术创新和产业化项目补助",
        "Strategic emerging-industry innovation projects",
        (
            PROJECT,
            enum(
                "industry",
                "所属领域",
                "Field",
                ("new_energy", "新兴能源", "New energy"),
                ("new_materials", "新材料", "New materials"),
                ("equipment", "先进装备制造", "Advanced equipment"),
                ("green", "节能环保", "Energy saving"),
                ("information", "信息", "Information"),
                ("bio", "生物", "Biotechnology"),
                ("clean_vehicles", "清洁能源汽车", "Clean-energy vehicles"),
                ("other", "其他领域", "Other fields"),
            ),
            requested(1_000_000),
            SUMMARY,
        ),
        cap="min(amount_requested, 1000000)",
        basis=f"{RULES}（十八）3：对战略性新兴产业领域的技术创新和产业化项目给予不超过100万元的补助",
        refusals=(Refusal("industry", '"other"', f"{RULES}（十八）3：项目须属于所列战略性新兴产业领域"),),
        cap_yuan=1_000_000,
    ),
    GrantSpec(
        19,
        1,
        "信息化试点重点项目补助",
        "Informatization pilot key projects",
        (
            PROJECT,
            enum(
                "listed_as",
                "列入的重点项目",
                "Listed as",
                ("national", "国家重点项目", "National key project"),
                ("regional", "自治区重点项目", "Regional key project"),
                ("none", "未列入", "Not listed"),
            ),
            money("project_investment", "项目投资（元）", "Project investment (yuan)"),
            requested(),
            SUMMARY,
        ),
        # 「适当」: no share of the investment is written; the call sets the ceiling.
        cap="amount_requested",
        basis=f"{RULES}（十九）1：对每年列入国家和自治区的重点项目给予适当资金补助，额度按当年申报通知",
        needs_call_ceiling=True,
        refusals=(Refusal("listed_as", '"none"', f"{RULES}（十九）1：须为列入国家或自治区的重点项目"),),
    ),
    GrantSpec(
        20,
        4,
        "中国名牌产品、中国驰名商标奖励",
        "Reward for a China famous brand or well-known trademark",
        (
            enum(
                "award",
                "获得的称号",
                "Award",
                ("famous_brand", "中国名牌产品", "China famous brand"),
                ("well_known_mark", "中国驰名商标", "China well-known trademark"),
            ),
            FieldDef("awarded_on", "获得日期", "date", label_en="Awarded on", required=True),
            requested(),
            SUMMARY,
        ),
        cap="amount_requested",
        basis=f"{RULES}（二十）4：对两年内获得中国名牌产品、中国驰名商标的中小企业给予奖励，额度按申报通知",
        needs_call_ceiling=True,
        refusals=(Refusal("awarded_on", "? < today() - timedelta(days=730)", f"{RULES}（二十）4：须为两年内获得"),),
    ),
    GrantSpec(
        21,
        3,
        "职业学校接收新疆籍学生补助",
        "Subsidy for vocational schools enrolling Xinjiang students",
        (
            text("school_name", "学校名称", "School"),
            count("school_year", "补助学年（起始年份）", "School year (year it starts)", minimum=2000, maximum=2100),
            count("students_enrolled", "经学籍系统审核的新疆籍在校生人数", "Xinjiang students enrolled (verified)"),
            enum(
                "finance_level",
                "申请补助的财政级次",
                "Level of finance applied to",
                ("region", "自治区财政", "The region's finance"),
                ("prefecture", "地州（市）财政", "Prefecture finance"),
                ("county", "县（市、区）财政", "County finance"),
            ),
            count("share_percent", "该级财政分担比例（%）", "That level's share of the standard (%)", maximum=100),
            requested(),
            SUMMARY,
        ),
        # 300 yuan per student per year is the whole standard; each level of finance pays its share.
        cap="min(amount_requested, Decimal(300) * students_enrolled * share_percent / 100)",
        basis=f"{RULES}（二十一）3：按每生每年300元的标准以及各级财政分担比例，对职业学校接受新疆籍学生予以补助",
        refusals=(Refusal("school_year", "< 2011", f"{RULES}（二十一）3：自2011年起补助"),),
        applicants=(VOCATIONAL_SCHOOL,),
        sme_only=False,
        summary_en="A vocational school is paid 300 yuan per Xinjiang student per year, verified through the "
        "student registry, shared between the levels of finance: each level pays its share.",
    ),
)


GRANTS: tuple[GrantSpec, ...] = tuple(
    sorted(
        (*EMPLOYMENT_GRANTS, *FUND_GRANTS, *INSTITUTION_GRANTS, *OTHER_GRANTS),
        key=lambda g: (g.item, g.point),
    )
)


def grant_for(item: int, point: int) -> GrantSpec | None:
    return next((g for g in GRANTS if (g.item, g.point) == (item, point)), None)
