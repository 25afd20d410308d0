"""Grants paid to bodies that are not the SMEs themselves: guarantee agencies, banks, service
platforms, venture-capital enterprises, informatization service providers and parks.

None of these sub-points states a figure except （十）3's 15% threshold: the cap is what the text
bounds (the capital added, the loan growth above 15%, the investment made) and the call sets the
ceiling (`needs_call_ceiling`).
"""

from __future__ import annotations

from workflows.catalogue.dmn_builder import Refusal
from workflows.catalogue.grant_spec import (
    ENTERPRISE,
    FINANCIAL_INSTITUTION,
    GUARANTEE_AGENCY,
    INCUBATOR,
    PARK,
    PROJECT,
    RULES,
    SERVICE_PLATFORM,
    SUMMARY,
    VENTURE_CAPITAL,
    GrantSpec,
    enum,
    money,
    requested,
    text,
)

INSTITUTION_GRANTS: tuple[GrantSpec, ...] = (
    GrantSpec(
        7,
        4,
        "融资性担保机构注册资本金支持",
        "Registered-capital support for financing guarantee agencies",
        (
            text("agency_name", "担保机构名称", "Guarantee agency"),
            money("capital_before", "增资前注册资本金（元）", "Registered capital before the increase (yuan)"),
            money("capital_added", "本次新增注册资本金（元）", "Registered capital added (yuan)"),
            requested(),
            SUMMARY,
        ),
        cap="min(amount_requested, capital_added)",
        basis=f"{RULES}（七）4：加大对中小企业融资性担保机构注册资本金等支持力度，以新增注册资本金为限，额度按申报通知",
        needs_call_ceiling=True,
        applicants=(GUARANTEE_AGENCY,),
        sme_only=False,
        summary_en="A financing guarantee agency serving SMEs that adds registered capital is supported up to the "
        "capital added; the call sets the ceiling.",
    ),
    GrantSpec(
        10,
        3,
        "金融机构中小企业贷款增量奖励",
        "Reward to financial institutions for SME loan growth above 15%",
        (
            text("institution_name", "金融机构名称", "Financial institution"),
            money("balance_last_year", "上年中小企业贷款平均余额（元）", "Average SME loan balance last year (yuan)"),
            money("balance_this_year", "本年中小企业贷款平均余额（元）", "Average SME loan balance this year (yuan)"),
            requested(),
            SUMMARY,
        ),
        cap="min(amount_requested, balance_this_year - balance_last_year * Decimal('1.15'))",
        basis=f"{RULES}（十）3：中小企业贷款平均余额同比增长超过15%的部分，自治区以一定比例给予奖励（比例按申报通知）",
        refusals=(
            Refusal(
                "balance_this_year - balance_last_year * Decimal('1.15')",
                "<= 0",
                f"{RULES}（十）3：中小企业贷款平均余额同比增长须超过15%",
            ),
        ),
        needs_call_ceiling=True,
        applicants=(FINANCIAL_INSTITUTION,),
        sme_only=False,
        summary_en="A financial institution whose average SME loan balance grew by more than 15% on the year is "
        "rewarded a share of the growth above 15%; the call sets the share.",
    ),
    GrantSpec(
        12,
        2,
        "新型农村金融机构定向费用补贴和县域金融机构涉农贷款增量奖励",
        "Cost subsidy for new rural financial institutions and reward for county agricultural-loan growth",
        (
            text("institution_name", "金融机构名称", "Financial institution"),
            enum(
                "scheme",
                "申请政策",
                "Scheme",
                ("cost_subsidy", "新型农村金融机构定向费用补贴", "Cost subsidy for a new rural financial institution"),
                ("loan_increment", "县域金融机构涉农贷款增量奖励", "Reward for county agricultural-loan growth"),
            ),
            money(
                "costs",
                "定向费用补贴：上年度费用支出（元，不适用填0）",
                "Cost subsidy: last year's costs (yuan, 0 if n/a)",
                minimum=0,
            ),
            money(
                "agri_loans_last",
                "增量奖励：上年末涉农贷款余额（元，不适用填0）",
                "Reward: agricultural loans a year ago (yuan, 0 if n/a)",
                minimum=0,
            ),
            money(
                "agri_loans_now",
                "增量奖励：本年末涉农贷款余额（元，不适用填0）",
                "Reward: agricultural loans now (yuan, 0 if n/a)",
                minimum=0,
            ),
            requested(),
            SUMMARY,
        ),
        cap='min(amount_requested, costs if scheme == "cost_subsidy" else agri_loans_now - agri_loans_last)',
        basis=f"{RULES}（十二）2：新型农村金融机构定向费用补贴和县域金融机构涉农贷款增量奖励，以费用或贷款增量为限，标准按申报通知",
        refusals=(
            Refusal(
                'agri_loans_now - agri_loans_last if scheme == "loan_increment" else costs',
                "<= 0",
                f"{RULES}（十二）2：增量奖励须有涉农贷款增量，费用补贴须有费用支出",
            ),
        ),
        needs_call_ceiling=True,
        applicants=(FINANCIAL_INSTITUTION,),
        sme_only=False,
        summary_en="A new rural financial institution is subsidised for its costs, and a county financial "
        "institution rewarded for the growth of its agricultural loans; the call sets the standard.",
    ),
    GrantSpec(
        13,
        2,
        "中小企业公共技术服务平台扶持",
        "Support for public technical service platforms for SMEs",
        (
            text("platform_name", "公共技术服务平台名称", "Public technical service platform"),
            enum(
                "industry",
                "服务产业",
                "Industry served",
                ("machinery", "机械", "Machinery"),
                ("textiles", "纺织", "Textiles"),
                ("ethnic_medicine", "民族医药", "Ethnic medicine"),
                ("petrochemicals", "石油化工", "Petrochemicals"),
                ("light_industry", "特色轻工", "Characteristic light industry"),
                ("other", "其他产业", "Other industries"),
            ),
            money("investment", "平台建设投资（元）", "Investment in the platform (yuan)"),
            requested(),
            SUMMARY,
        ),
        cap="min(amount_requested, investment)",
        basis=f"{RULES}（十三）2：加强对专业性公共技术服务平台的扶持力度，以平台建设投资为限，额度按申报通知",
        needs_call_ceiling=True,
        applicants=(SERVICE_PLATFORM,),
        sme_only=False,
        summary_en="A public technical service platform for SMEs (machinery, textiles, ethnic medicine, "
        "petrochemicals, light industry first) is supported up to its investment; the call sets the ceiling.",
    ),
    GrantSpec(
        13,
        3,
        "自治区创业投资引导资金",
        "The region's venture-capital guidance fund",
        (
            text("fund_name", "创业投资企业名称", "Venture-capital enterprise"),
            enum(
                "mode",
                "引导方式",
                "Mode of support",
                ("equity", "参股", "Equity participation"),
                ("guarantee", "融资担保", "Financing guarantee"),
                ("follow_on", "跟进投资", "Follow-on investment"),
            ),
            money("fund_capital", "创业投资企业拟募集（已募集）资本（元）", "Capital the enterprise raises (yuan)"),
            requested(),
            SUMMARY,
        ),
        cap="min(amount_requested, fund_capital)",
        basis=f"{RULES}（十三）3：引导资金采取参股、融资担保、跟进投资等方式参与创业投资企业，以其资本为限，额度按申报通知",
        needs_call_ceiling=True,
        applicants=(VENTURE_CAPITAL,),
        sme_only=False,
        summary_en="The guidance fund takes equity in, guarantees or follows the investments of a venture-capital "
        "enterprise that invests in SMEs of strategic emerging industries; the call sets the ceiling.",
    ),
    GrantSpec(
        19,
        2,
        "中小企业信息化服务机构项目补助、贴息",
        "Project subsidy or interest subsidy for informatization service providers",
        (
            text("provider_name", "信息化服务机构名称", "Informatization service provider"),
            enum(
                "mode",
                "支持方式",
                "Mode of support",
                ("subsidy", "项目补助", "Project subsidy"),
                ("interest", "贴息", "Interest subsidy"),
            ),
            money("project_investment", "服务项目投资（元）", "Investment in the service project (yuan)"),
            money(
                "interest_paid",
                "贴息：实际支付的贷款利息（元，不适用填0）",
                "Interest paid, for an interest subsidy (yuan, 0 if n/a)",
                minimum=0,
            ),
            requested(),
            SUMMARY,
        ),
        cap='min(amount_requested, project_investment if mode == "subsidy" else interest_paid)',
        basis=f"{RULES}（十九）2：对为中小企业提供信息化服务的机构给予一定的项目补助、贴息支持，"
        "补助以项目投资为限、贴息以实付利息为限，额度按申报通知",
        needs_call_ceiling=True,
        applicants=(SERVICE_PLATFORM, ENTERPRISE),
        sme_only=False,
        summary_en="A body that provides SMEs with software, informatization solutions or training gets a project "
        "subsidy (up to its investment) or an interest subsidy (up to the interest paid); the call sets the ceiling.",
    ),
    GrantSpec(
        22,
        1,
        "自治区园区专项资金：中小企业产业集聚示范区和小企业创业基地建设",
        "Park special fund: SME cluster demonstration zones and start-up bases",
        (
            PROJECT,
            enum(
                "kind",
                "建设类别",
                "What is built",
                ("cluster_zone", "中小企业产业集聚示范区", "SME industrial cluster demonstration zone"),
                ("startup_base", "小企业创业基地", "Small-enterprise start-up base"),
            ),
            money("investment", "建设投资（元）", "Construction investment (yuan)"),
            requested(),
            SUMMARY,
        ),
        cap="min(amount_requested, investment)",
        basis=f"{RULES}（二十二）1：自治区园区专项资金对中小企业产业集聚示范区和小企业创业基地建设给予一定资金支持，"
        "以建设投资为限，额度按申报通知",
        needs_call_ceiling=True,
        applicants=(PARK, INCUBATOR),
        sme_only=False,
        summary_en="A park building an SME cluster demonstration zone or a small-enterprise start-up base gets "
        "support from the park special fund up to its investment; the call sets the ceiling.",
    ),
)
