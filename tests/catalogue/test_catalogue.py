"""The catalogue loaded from the shipped texts and exported as JSON, by function and by `flask catalog`."""

import json

import pytest

from workflows.catalogue.catalogue import export_json, load_catalogue
from workflows.catalogue.departments import REGISTRY


def test_the_catalogue_is_loaded_once_from_the_shipped_texts():
    catalogue = load_catalogue()
    assert catalogue is load_catalogue()
    assert (len(catalogue.items), len(catalogue.articles)) == (26, 57)
    assert catalogue.departments == REGISTRY
    assert catalogue.item(18).title == "支持中小企业科技创新"


def test_the_export_names_departments_by_the_rules_short_form():
    exported = export_json(load_catalogue())
    assert set(exported) == {"items", "departments", "articles"}
    eighteen = exported["items"][17]
    assert set(eighteen) == {"number", "title", "points", "clauses"}
    assert eighteen["clauses"] == [{"points": [1, 2, 3], "lead": ["经信委"], "assist": ["财政厅", "科技厅"]}]
    assert eighteen["points"][0]["number"] == 1
    assert eighteen["points"][0]["amounts"] == [
        {"value": "500000", "unit": "yuan", "kind": "cap", "text": "不超过50万元"}
    ]
    assert exported["items"][20]["clauses"][2]["assist"] == ["经信委", "人力资源和社会保障厅", "财政厅"]
    assert exported["items"][9]["clauses"][0]["assist"] == ["人民银行乌鲁木齐中心支行", "经信委", "财政厅"]
    assert exported["departments"][0] == {
        "code": "JXW",
        "name": "自治区经信委",
        "short_name": "经信委",
        "name_en": "Economic and Information Technology Commission",
        "kind": "government",
        "level": "region",
        "aliases": ["自治区经信委", "经信委"],
    }
    assert exported["articles"][10]["number"] == 11
    assert exported["articles"][10]["chapter"] == "第二章　财税支持"
    json.dumps(exported)  # plain data only


@pytest.mark.sqlite_only
def test_flask_catalog_export_prints_the_json(app):
    result = app.test_cli_runner().invoke(args=["catalog", "export", "--format", "json"])
    assert result.exit_code == 0, result.output
    exported = json.loads(result.output)
    assert len(exported["items"]) == 26
    assert len(exported["articles"]) == 57
    assert "经信委" in result.output  # not \u-escaped


@pytest.mark.sqlite_only
def test_flask_catalog_export_refuses_another_format(app):
    result = app.test_cli_runner().invoke(args=["catalog", "export", "--format", "xml"])
    assert result.exit_code == 2
    assert "xml" in result.output
