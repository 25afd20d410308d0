"""（六） The special fund lines: each a program whose ceiling the year's call sets.

The item's clause makes five bodies jointly responsible (经信委、财政厅、商务厅、科技厅、知识产权局);
each fund line is run by the body that owns that fund, with 财政厅 assisting and paying (第十一条
of the 2022 Measures: finance arranges the special funds). Sub-point 11 (「其它…专项资金应当向中小企业
倾斜」) is a direction to every other fund, not a fund of its own.
"""

from __future__ import annotations

from workflows.catalogue.grant_spec import (
    ENTERPRISE,
    INCUBATOR,
    PROJECT,
    RULES,
    SERVICE_PLATFORM,
    SUMMARY,
    VENTURE_CAPITAL,
    GrantSpec,
    enum,
    money,
    requested,
)

JXW, CZT, SWT, KJT, ZSCQJ = "JXW", "CZT", "SWT", "KJT", "ZSCQJ"


def fund_line(
    point: int,
    fund: str,
    title_en: str,
    owner: str,
    contents: tuple[tuple[str, str, str], ...],
    summary_en: str,
    applicants: tuple[str, ...] = (ENTERPRISE,),
) -> GrantSpec:
    return GrantSpec(
        6,
        point,
        fund,
        title_en,
        (
            PROJECT,
            enum("supported_content", "支持方向", "What the fund supports", *contents),
            money("project_investment", "项目总投资（元）", "Total project investment (yuan)"),
            requested(),
            SUMMARY,
        ),
        cap="min(amount_requested, project_investment)",
        basis=f"{RULES}（六）{point}：{fund}按所列方向给予扶持，以项目总投资为限，额度按当年申报通知",
        needs_call_ceiling=True,
        applicants=applicants,
        sme_only=VENTURE_CAPITAL not in applicants,
        departments=((owner,), () if owner == CZT else (CZT,)),
        summary_en=summary_en + " The year's call sets the ceiling.",
    )


FUND_GRANTS: tuple[GrantSpec, ...] = (
    fund_line(
        1,
        "自治区中小企业发展专项资金",
        "The region's SME development special fund",
        JXW,
        (
            ("emerging", "新兴产业", "Emerging industries"),
            ("it_management", "应用信息化技术提升管理水平", "IT to improve management"),
            ("patents", "专利技术", "Patented technology"),
            ("growth_100", "100户成长型企业技改项目", "Upgrades of the 100 growth enterprises"),
            (
                "service_bodies",
                "综合服务机构、共性技术服务平台、小企业创业基地",
                "Service bodies and bases",
            ),
        ),
        "Structural adjustment, emerging industries, IT, patents, the 100 growth enterprises' upgrades, service "
        "bodies, common technical platforms and start-up bases; Kashgar, Hotan and Kizilsu first on equal terms.",
        (ENTERPRISE, SERVICE_PLATFORM, INCUBATOR),
    ),
    fund_line(
        2,
        "自治区技术改造专项资金",
        "The region's technical transformation special fund",
        JXW,
        (
            ("technology", "新技术、新工艺", "New technology and processes"),
            ("equipment", "新设备、新材料", "New equipment and materials"),
            ("chain", "延长产业链、增加附加值", "Longer value chains"),
        ),
        "SMEs adopting new technology, processes, equipment and materials.",
    ),
    fund_line(
        3,
        "自治区新产品新技术开发推广资金",
        "The region's fund for developing and promoting new products and technologies",
        JXW,
        (
            ("innovation", "技术创新活动", "Technical innovation"),
            ("transfer", "科技成果转化", "Putting research results to use"),
            ("tech_centre", "企业技术中心能力建设", "Enterprise technology centres"),
        ),
        "Innovation that fits national industrial technology policy, research put to use, enterprise technology "
        "centres.",
    ),
    fund_line(
        4,
        "自治区科技专项经费",
        "The region's science and technology special funds",
        KJT,
        (
            ("innovation", "科技创新", "Scientific and technical innovation"),
            ("transfer", "科技成果转化", "Putting research results to use"),
            ("platform", "科技基础平台建设", "Basic science and technology platforms"),
        ),
        "SMEs' scientific innovation, research put to use and basic platforms.",
    ),
    fund_line(
        5,
        "地方特色产业中小企业发展资金",
        "The development fund for SMEs of local characteristic industries",
        JXW,
        (
            ("innovation", "集聚区内自主创新", "Own innovation in a cluster"),
            ("crafts", "改造民间特色传统工艺", "Traditional crafts renewed"),
            ("energy", "节能减排", "Energy saving and emissions"),
            ("supply", "与大企业协作配套", "Supplying large enterprises"),
        ),
        "SMEs of the region's characteristic industries and their clusters.",
    ),
    fund_line(
        6,
        "自治区电子信息发展专项资金",
        "The region's electronic information development special fund",
        JXW,
        (
            ("manufacturing", "电子信息制造", "Electronics manufacturing"),
            ("software", "软件及服务", "Software and services"),
            ("it_projects", "信息技术应用及信息化项目", "IT application and informatization projects"),
        ),
        "Electronics manufacturing, software and services, IT application and informatization projects.",
    ),
    fund_line(
        7,
        "中小企业国际市场开拓资金、自治区外经贸区域发展促进资金",
        "The SME international market development fund and the foreign trade regional development fund",
        SWT,
        (
            ("fairs", "境外展览展销、投（议）标", "Fairs and tenders abroad"),
            ("brands", "境外收购技术和品牌、注册商标、知识产权保护", "Technology, brands and trademarks abroad"),
            ("certification", "质量、环境管理体系和产品等国际认证", "International certification"),
            ("new_markets", "开拓中亚等新兴国际市场", "New markets (Central Asia and others)"),
        ),
        "Fairs, tenders, brands, trademarks and certification abroad; new markets first.",
    ),
    fund_line(
        8,
        "自治区促进内贸流通服务业发展专项资金",
        "The region's special fund for domestic trade and distribution services",
        SWT,
        (
            ("technology", "技术升级、设施改造", "Technology and facilities"),
            ("network", "网点建设、系统平台建设", "Outlets and platforms"),
            ("training", "人员培训、公共服务", "Training and public services"),
        ),
        "Domestic trade and distribution SMEs' technology, facilities, outlets, platforms and training.",
    ),
    fund_line(
        9,
        "自治区专利实施资金",
        "The region's patent implementation fund",
        ZSCQJ,
        (
            ("transfer", "专利成果转化", "Putting patents to use"),
            ("industrialisation", "专利产业化", "Patents into production"),
        ),
        "SMEs putting patents to use and into production.",
    ),
    fund_line(
        10,
        "培育发展股权投资企业专项资金",
        "Special fund for equity investment enterprises",
        CZT,
        (
            ("equity_firms", "培育发展股权投资企业", "Equity investment enterprises"),
            ("growth", "培育成长型企业", "Growth enterprises"),
        ),
        "Equity investment enterprises that grow enterprises, as the region's finances allow.",
        (VENTURE_CAPITAL,),
    ),
)
