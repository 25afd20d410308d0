"""The documents issued on a case: listed with their hashes, each downloadable with the same token."""

from flask import g, jsonify, url_for

from webapp.api import api_bp
from webapp.api.auth import token_required
from webapp.api.serializers import iso
from webapp.applications.services import applications
from webapp.documents.routes.verify import pdf_response
from webapp.documents.services import issuing, verification


@api_bp.get("/applications/<int:application_id>/documents")
@token_required
def application_documents(application_id: int):
    application = applications.get_application(g.api_user, application_id)
    return jsonify(documents=[document_json(d) for d in issuing.documents_of(application)])


@api_bp.get("/documents/<int:document_id>")
@token_required
def download_document(document_id: int):
    return pdf_response(verification.open_document(g.api_user, document_id))


def document_json(document) -> dict:
    return {
        "id": document.id,
        "kind": document.kind,
        "title": document.title,
        "number": document.number,
        "issuer": document.issuer,
        "addressee": document.addressee,
        "issued_at": iso(document.issued_at),
        "sha256": document.sha256,
        "download": url_for("api.download_document", document_id=document.id, _external=True),
        "verify": issuing.verification_url(document.token),
    }
