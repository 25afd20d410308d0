"""The 2022 Measures as shipped: ten chapters, 57 articles, the PDF's line breaks joined again."""

from workflows.catalogue.catalogue import MEASURES_TEXT
from workflows.catalogue.measures_parser import parse_measures

ARTICLES = parse_measures(MEASURES_TEXT.read_text(encoding="utf-8"))


def test_there_are_57_articles_in_order_under_ten_chapters():
    assert [a.number for a in ARTICLES] == list(range(1, 58))
    assert ARTICLES[56].ref == "第五十七条"
    chapters = list(dict.fromkeys(a.chapter for a in ARTICLES))
    assert chapters[0] == "第一章　总则"
    assert chapters[1] == "第二章　财税支持"
    assert chapters[-1] == "第十章　附则"
    assert len(chapters) == 10


def test_the_chapter_of_the_articles_the_processes_cite():
    by_number = {a.number: a for a in ARTICLES}
    assert by_number[9].chapter == "第一章　总则"
    assert by_number[10].chapter == "第二章　财税支持"
    assert by_number[25].chapter == "第三章　融资促进"
    assert by_number[52].chapter == "第八章　权益保护"
    assert by_number[54].chapter == "第九章　监督检查"


def test_an_articles_text_is_its_paragraphs_without_the_heading():
    eleventh = ARTICLES[10]
    assert eleventh.text.split("\n") == [
        "中小企业发展专项资金的使用，由县级以上人民政府工业和信息化主管部门提出计划，"
        "同级财政部门及时安排，审计部门进行审计监督。",
        "自治区中小企业发展专项资金具体管理办法由自治区财政部门会同自治区工业和信息化部门制定。",
    ]
    assert ARTICLES[51].text.startswith("县级以上人民政府及其有关部门应当建立投诉举报制度")
    assert "并进行书面答复。" in ARTICLES[51].text


def test_an_enumeration_keeps_one_line_per_entry():
    lines = ARTICLES[55].text.split("\n")
    assert lines[0].endswith("依法追究刑事责任：")
    assert [line[:3] for line in lines[1:]] == [f"（{n}）" for n in "一二三四五六七八九"]
