"""（四） Employment: the six sub-points that pay enterprises for hiring, insuring and training.

Led by 人社厅 with 财政厅 (the item's clause). Each cap is the text's own rate or limit; where the
text says 「按规定给予」 without a figure, the cap is what was actually paid and the call sets the rest.
"""

from __future__ import annotations

from workflows.catalogue.dmn_builder import Refusal
from workflows.catalogue.grant_spec import (
    PROJECT,
    RULES,
    SUMMARY,
    YES_NO,
    GrantSpec,
    count,
    enum,
    money,
    requested,
)

EMPLOYMENT_GRANTS: tuple[GrantSpec, ...] = (
    GrantSpec(
        4,
        1,
        "吸纳就业困难人员社会保险补贴",
        "Social-insurance subsidy for hiring people with employment difficulties",
        (
            PROJECT,
            count("persons_hired", "新吸纳就业困难人员人数", "People with employment difficulties hired"),
            money("insurance_paid", "企业实际缴纳的养老、医疗、失业保险费之和（元）", "Insurance actually paid (yuan)"),
            count("months_subsidised", "申请补贴月数", "Months to subsidise", maximum=36),
            requested(),
            SUMMARY,
        ),
        cap="min(amount_requested, insurance_paid)",
        basis=f"{RULES}（四）1：按企业实际缴纳的社会保险费之和给予不超过3年的补贴",
        refusals=(Refusal("months_subsidised", "> 36", f"{RULES}（四）1：社会保险补贴不超过3年"),),
        summary_en="An SME that hires people with employment difficulties is repaid the pension, medical and "
        "unemployment insurance it actually paid for them, for up to 3 years.",
    ),
    GrantSpec(
        4,
        2,
        "经营困难中小企业社会保险补贴、岗位补贴和在岗培训补贴",
        "Social-insurance, job and on-the-job training subsidies for SMEs in difficulty",
        (
            PROJECT,
            enum(
                "subsidy_kind",
                "补贴类别",
                "Kind of subsidy",
                ("social_insurance", "社会保险补贴", "Social-insurance subsidy"),
                ("job", "岗位补贴", "Job subsidy"),
                ("training", "在岗培训补贴", "On-the-job training subsidy"),
            ),
            count("employees_kept", "稳定的岗位（人数）", "Jobs kept (people)"),
            money("costs_incurred", "补贴所对应的实际支出（元）", "Actual spending the subsidy is for (yuan)"),
            count("months_subsidised", "申请补贴月数", "Months to subsidise"),
            requested(),
            SUMMARY,
        ),
        cap="min(amount_requested, costs_incurred)",
        basis=f"{RULES}（四）2：对当前经营有困难的中小企业按规定给予一定期限的社会保险补贴或岗位补贴、在岗培训补贴，"
        "以实际支出为限，标准和期限按申报通知",
        needs_call_ceiling=True,
        summary_en="An SME in current difficulty keeps its jobs with a time-limited social-insurance, job or "
        "on-the-job training subsidy, up to what it actually spent; the call sets the standard and period.",
    ),
    GrantSpec(
        4,
        3,
        "招用新疆籍员工养老保险补贴",
        "Pension-insurance subsidy for employing Xinjiang residents",
        (
            PROJECT,
            count("new_hires", "本期招用新员工人数", "New employees hired"),
            count("xinjiang_hires", "其中新疆籍员工人数", "Of whom Xinjiang residents", minimum=0),
            money("pension_paid", "为新员工实际缴纳的基本养老保险费（元）", "Pension insurance paid for them (yuan)"),
            requested(),
            SUMMARY,
        ),
        cap="min(amount_requested, pension_paid * Decimal('0.5'))",
        basis=f"{RULES}（四）3：招用新疆籍员工不少于50%的，给予50%养老保险补贴",
        refusals=(
            Refusal("new_hires - xinjiang_hires", "< 0", f"{RULES}（四）3：新疆籍员工人数不能多于新员工人数"),
            Refusal("xinjiang_hires * 2 - new_hires", "< 0", f"{RULES}（四）3：招用新疆籍员工不得少于50%"),
        ),
        sme_only=False,  # 「在新疆注册的各类企业」
        summary_en="Any enterprise registered or working in Xinjiang whose new hires are at least half Xinjiang "
        "residents gets 50% of the pension insurance it paid for them.",
    ),
    GrantSpec(
        4,
        4,
        "招用南疆三地州、少数民族或女性大中专毕业生贷款贴息",
        "Loan interest subsidy for hiring graduates from the southern prefectures, minorities or women",
        (
            PROJECT,
            count("graduates_hired", "新招用符合条件的大中专毕业生人数", "Qualifying graduates hired"),
            money("loan_amount", "年度贷款金额（元）", "Loan amount per year (yuan)"),
            money("interest_paid", "申请期内实际支付的贷款利息（元）", "Interest paid in the period (yuan)"),
            count("years", "申请贴息年数", "Years of interest applied for"),
            count("contract_years", "劳动合同实际履行年数", "Years the labour contracts were actually performed"),
            requested(),
            SUMMARY,
        ),
        # Only the interest on 50,000 yuan per graduate per year is subsidised, and only for the years
        # the contracts ran, 5 at most: a larger loan or a longer claim is capped, not refused.
        cap="min(amount_requested, interest_paid * min(1, Decimal(50000) * graduates_hired / loan_amount)"
        " * min(years, contract_years, 5) / years)",
        basis=f"{RULES}（四）4：每人每年5万元贷款额度的贴息，贴息期限与劳动合同实际履行期限一致，最长不超过5年",
        sme_only=False,  # 「对各类企业」
        summary_en="An enterprise that hires graduates from the three southern prefectures, minority or women "
        "graduates has the interest on up to 50,000 yuan of loans per graduate per year subsidised, for as long "
        "as the labour contract runs and 5 years at most.",
    ),
    GrantSpec(
        4,
        5,
        "岗前技能培训和订单培训补贴",
        "Subsidy for pre-job skills training and order-based training",
        (
            PROJECT,
            enum(
                "training_kind",
                "培训类别",
                "Kind of training",
                ("pre_job", "岗前技能培训", "Pre-job skills training"),
                ("order", "订单培训", "Order-based training"),
            ),
            count("trainees", "培训人数", "People trained"),
            money("training_costs", "实际培训费用（元）", "Training costs actually incurred (yuan)"),
            requested(),
            SUMMARY,
        ),
        cap="min(amount_requested, training_costs)",
        basis=f"{RULES}（四）5：对开展岗前技能培训和订单培训的企业给予培训补贴，以实际培训费用为限，标准按申报通知",
        needs_call_ceiling=True,
        sme_only=False,  # 「对开展…培训的企业」
        summary_en="An enterprise that trains people before they take a job, or on order, gets a training "
        "subsidy up to its actual training costs; the call sets the standard.",
    ),
    GrantSpec(
        4,
        6,
        "提前招用见习毕业生的剩余期限见习补贴",
        "Remaining trainee subsidy for a unit that hires its trainees early",
        (
            PROJECT,
            count(
                "trainees_hired",
                "见习期未满即签订劳动合同的见习毕业生人数",
                "Trainees hired early",
            ),
            count("contract_years", "劳动合同期限（年）", "Labour contract term (years)"),
            enum("insurance_paid", "已为其缴纳社会保险费", "Social insurance paid for them", *YES_NO),
            count("remaining_months", "剩余见习期（月）", "Traineeship months remaining"),
            money("monthly_subsidy", "见习补贴标准（元/人/月）", "Trainee subsidy (yuan per person per month)"),
            requested(),
            SUMMARY,
        ),
        cap="min(amount_requested, trainees_hired * remaining_months * monthly_subsidy)",
        basis=f"{RULES}（四）6：可将剩余期限见习补贴补发给见习单位",
        refusals=(
            Refusal("contract_years", "< 2", f"{RULES}（四）6：须与见习毕业生签订2年以上期限劳动合同"),
            Refusal("insurance_paid", '"no"', f"{RULES}（四）6：须为见习毕业生缴纳社会保险费"),
        ),
        sme_only=False,  # 「见习单位」
        summary_en="A traineeship unit that hires its graduate trainees early, on contracts of 2 years or more "
        "with social insurance paid, receives the trainee subsidy for the rest of the traineeship.",
    ),
)
