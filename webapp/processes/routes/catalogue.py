"""The public catalogue of the rules: anyone may read it, signed in or not (it is public law)."""

from flask import Blueprint, Response, render_template, request

from webapp.common.errors import Invalid
from webapp.processes.services import catalogue

bp = Blueprint("catalogue", __name__, url_prefix="/catalogue")


@bp.get("")
def index():
    keyword, department = request.args.get("q", ""), request.args.get("department", "")
    try:
        search = catalogue.search_items(keyword, department)
    except Invalid as exc:
        # A bad search is the reader's to fix on the same page, with the form as they sent it.
        choices = catalogue.clause_departments()
        return render_template(
            "catalogue/index.html", search=None, problem=exc, keyword=keyword, department=department, choices=choices
        ), 400
    return render_template(
        "catalogue/index.html",
        search=search,
        problem=None,
        keyword=search.keyword,
        department=search.department,
        choices=search.departments,
    )


@bp.get("/items/<int:number>")
def item(number: int):
    return render_template("catalogue/item.html", page=catalogue.item_page(number))


@bp.get("/departments/<code>")
def department(code: str):
    return render_template("catalogue/department.html", page=catalogue.department_page(code))


@bp.get("/chains/<int:definition_id>/diagram.bpmn")
def chain_diagram(definition_id: int):
    """The clause chain's BPMN for the diagram viewer; the admin route behind it needs a sign-in."""
    return Response(catalogue.chain_bpmn(definition_id), mimetype="application/xml")
