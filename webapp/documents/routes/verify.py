from flask import make_response, render_template, request
from flask_login import current_user, login_required

from webapp.common.errors import Invalid
from webapp.documents.routes import bp
from webapp.documents.services import verification
from webapp.documents.services.issuing import verification_url


@bp.get("/documents/<int:document_id>.pdf")
@login_required
def download(document_id: int):
    return pdf_response(verification.open_document(current_user, document_id))


@bp.get("/documents/<int:document_id>/print")
@login_required
def printable(document_id: int):
    document = verification.open_document(current_user, document_id)
    return render_template("documents/print.html", document=document, verify_url=verification_url(document.token))


def pdf_response(document):
    response = make_response(document.content)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{document.filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/v/<token>")
def verify(token: str):
    return render_template("documents/verify.html", document=verification.by_token(token), check=None)


@bp.post("/v/<token>")
def check(token: str):
    try:
        result = verification.check_file(token, request.files.get("file"))
    except Invalid as refusal:
        page = render_template("documents/verify.html", document=verification.by_token(token), error=refusal)
        return page, 422
    return render_template("documents/verify.html", document=result.document, check=result)
