"""The public policy catalogue (/catalogue): the 26 items, search, an item, a department — no sign-in."""

import re

from sqlalchemy import select

from tests.support.actors import DEMO_PASSWORD
from webapp.extensions import db
from webapp.models import ProcessDefinition
from workflows.catalogue.catalogue import load_catalogue


def item_numbers(html: str) -> set[int]:
    return {int(n) for n in re.findall(r'class="catalogue-item" data-item="(\d+)"', html)}


def page(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def test_the_catalogue_lists_all_26_items_by_part_without_signing_in(client):
    html = page(client, "/catalogue")

    assert item_numbers(html) == set(range(1, 27))
    assert 'data-count="26"' in html
    parts = re.findall(r'<section class="part">\s*<h2>([^<]+)</h2>', html)
    assert parts == [
        "一、优化发展环境",
        "二、强化财税支持",
        "三、缓解融资困难",
        "四、拓宽服务渠道",
        "五、促进结构优化",
        "六、提升管理水平",
        "七、加强组织领导",
    ]
    assert "（十八）</span>支持中小企业科技创新" in html
    item_18 = html.split('data-item="18"')[1].split("</li>")[0]
    assert "badge grant" in item_18
    assert 'data-department="JXW"' in item_18  # its clause's lead
    assert "badge grant" not in html.split('data-item="1"')[1].split("</li>")[0]
    assert 'id="nav-catalogue"' in html


def test_a_keyword_finds_items_by_title_and_sub_point(client):
    html = page(client, "/catalogue?q=担保")

    assert 7 in item_numbers(html)  # （七）支持中小企业融资性担保机构发展
    assert "<mark>担保</mark>" in html  # the sub-points that matched, with the words marked
    assert f'data-count="{len(item_numbers(html))}"' in html
    expected = {
        item.number
        for item in load_catalogue().items
        if "担保" in item.title or any("担保" in p.text for p in item.points)
    }
    assert expected <= item_numbers(html)

    # An item without sub-points is found by its own words, shown around the keyword.
    opening = page(client, "/catalogue?q=挂牌")
    assert item_numbers(opening) == {24}
    assert re.search(r'<p class="matched-intro">[^<]*<mark>挂牌</mark>', opening)


def test_the_department_filter_finds_what_it_leads_or_assists(client):
    expected = {
        item.number
        for item in load_catalogue().items
        if any("CZT" in (*clause.lead, *clause.assist) for clause in item.clauses)
    }
    html = page(client, "/catalogue?department=CZT")

    assert item_numbers(html) == expected
    assert f'data-count="{len(expected)}"' in html
    assert '<option value="CZT" selected>' in html
    # Lower case is the same department; both criteria together narrow further.
    assert item_numbers(page(client, "/catalogue?department=czt")) == expected
    both = item_numbers(page(client, "/catalogue?q=担保&department=CZT"))
    assert 7 in both
    assert both <= expected & item_numbers(page(client, "/catalogue?q=担保"))


def test_an_empty_search_shows_everything_and_no_match_says_so(client):
    assert item_numbers(page(client, "/catalogue?q=&department=")) == set(range(1, 27))
    html = page(client, "/catalogue?q=不存在的词语")
    assert item_numbers(html) == set()
    assert 'data-count="0"' in html


def test_an_unknown_department_code_is_a_message_on_the_page(client):
    html = page(client, "/catalogue?department=NOPE", status=400)

    assert 'id="search-problem"' in html
    assert "NOPE" in html
    assert 'id="catalogue-search"' in html  # the form is there to fix it
    assert item_numbers(html) == set()
    assert page(client, "/catalogue?q=" + "字" * 101, status=400).count('id="search-problem"') == 1


def test_item_18_shows_its_text_departments_articles_chain_and_programs(client):
    html = page(client, "/catalogue/items/18")

    assert re.search(r'<li id="point-1" value="1"[^>]*>鼓励中小企业加快产品和技术更新换代', html)
    assert '<mark class="amount">不超过50万元</mark>' in html
    assert html.count('<mark class="amount">不超过100万元</mark>') == 2
    lead = re.search(r'class="departments lead-departments">(.*?)</span>', html, re.S).group(1)
    assisting = re.search(r'class="departments assisting-departments">(.*?)</span>', html, re.S).group(1)
    # Displayed under today's body; the clause's own words keep the rules' 自治区经信委.
    assert ">自治区工业和信息化厅</a>" in lead and 'href="/catalogue/departments/JXW"' in lead
    assert ">自治区财政厅</a>" in assisting and ">自治区科技厅</a>" in assisting
    assert "第三十二条" in html
    assert "鼓励中小企业开发新技术、新产品、新工艺" in html  # 第三十二条's text
    assert "第五章　创新支持" in html
    assert re.search(r'data-process-key="rules_18_clause_1"', html)
    diagram = re.search(r'class="bpmn-diagram chain-diagram" data-definition-id="\d+"\s+data-bpmn-url="([^"]+)"', html)
    assert diagram
    bpmn = client.get(diagram.group(1))  # public: no sign-in
    assert bpmn.status_code == 200
    assert 'id="rules_18_clause_1"' in bpmn.get_data(as_text=True)
    for code in ("sme-18-1", "sme-18-2", "sme-18-3"):
        assert f'href="/programs/{code}"' in html  # signed out: the program page


def test_an_applicant_gets_apply_buttons_on_the_item(client):
    client.post("/login", data={"username": "tianshan", "password": DEMO_PASSWORD})
    html = page(client, "/catalogue/items/18")
    for code in ("sme-18-1", "sme-18-2", "sme-18-3"):
        assert f'class="button primary apply" data-program="{code}" href="/programs/{code}/apply"' in html


def test_only_clause_chains_are_public(app, client):
    """The catalogue's copy serves the rules' clause chains; other processes stay behind sign-in."""
    with app.app_context():
        keys = dict(db.session.execute(select(ProcessDefinition.id, ProcessDefinition.key)).all())
    for definition_id, key in keys.items():
        response = client.get(f"/catalogue/chains/{definition_id}/diagram.bpmn")
        public = re.fullmatch(r"rules_\d{2}_clause_\d+", key) is not None
        assert response.status_code == (200 if public else 404), key
    assert client.get(f"/catalogue/chains/{max(keys) + 1}/diagram.bpmn").status_code == 404


def test_an_item_without_clauses_and_an_unknown_item(client):
    html = page(client, "/catalogue/items/23")
    assert 'id="no-clause"' in html
    assert "bpmn-diagram" not in html

    missing = page(client, "/catalogue/items/99", status=404)
    assert 'class="error-message"' in missing
    assert "99" in missing


def test_the_department_page_of_kjt(client):
    html = page(client, "/catalogue/departments/KJT")

    assert "自治区科技厅" in html and "Department of Science and Technology" in html
    leads = {
        (item.number, index + 1)
        for item in load_catalogue().items
        for index, clause in enumerate(item.clauses)
        if "KJT" in clause.lead
    }
    assists = {
        (item.number, index + 1)
        for item in load_catalogue().items
        for index, clause in enumerate(item.clauses)
        if "KJT" in clause.assist and "KJT" not in clause.lead
    }
    listed = re.search(r'<ul class="roles" id="leads">(.*?)</ul>', html, re.S).group(1)
    assert {(int(i), int(c)) for i, c in re.findall(r'data-item="(\d+)" data-clause="(\d+)"', listed)} == leads
    listed = re.search(r'<ul class="roles" id="assists">(.*?)</ul>', html, re.S).group(1)
    assert {(int(i), int(c)) for i, c in re.findall(r'data-item="(\d+)" data-clause="(\d+)"', listed)} == assists
    assert (18, 1) in assists and (6, 1) in leads
    programs = set(re.findall(r'<tr data-program="([^"]+)"', html))
    # （十四）（十八） as assisting; the science fund line （六）4 as its owner; （十三）3 as assisting.
    assert {"sme-6-4", "sme-13-3", "sme-14-1", "sme-14-2", "sme-18-1", "sme-18-2", "sme-18-3"} == programs
    page(client, "/catalogue/departments/NOPE", status=404)


def test_the_catalogue_in_english(client):
    client.get("/lang/en")
    listing = page(client, "/catalogue")
    assert "Policy catalogue" in listing and "All 26 items" in listing
    assert ">Department of Industry and Information Technology</a>" in listing
    assert "1 grant program<" in listing and "3 grant programs<" in listing
    assert "items match" in page(client, "/catalogue?department=KJT")
    html = page(client, "/catalogue/items/18")
    assert "Sub-points" in html and "Lead department" in html
    assert ">Department of Finance</a>" in html
    assert "第三十二条 (Art. 32)" in html
    department = page(client, "/catalogue/departments/KJT")
    assert "Government department" in department
    assert "How to apply" in html


def test_the_program_page_cites_its_measures_articles_with_text(client):
    html = page(client, "/programs/sme-14-2")

    refs = re.findall(r'<details class="measure" id="article-(\d+)"', html)
    assert refs == ["10", "11", "29"]
    assert "<strong>第二十九条</strong>" in html
    assert "第十一条" in html and "审计" in html  # 第十一条: the audit department audits the funds
    assert 'href="/catalogue/items/14#point-2"' in html
    index = page(client, "/")
    assert 'href="/catalogue/items/14#point-2"' in index
    assert "第二十九条" in index


def test_a_renamed_department_shows_today_s_name_the_rules_name_and_each_change_with_its_source(client):
    html = page(client, "/catalogue/departments/YJJ")
    title = re.search(r'<h1 class="department-title">(.*?)</h1>', html, re.S).group(1)
    assert "国家金融监督管理总局新疆监管局" in title
    assert '<dd class="rules-name">新疆银监局</dd>' in html
    assert re.findall(r'<li data-on="([^"]+)">', html) == ["2018-12", "2023-07-20"]
    assert "《党和国家机构改革方案》（2023年3月）" in html
