"""The documents issued on a case: listed with their hashes, each downloadable with the same token."""

from flask import g, url_for
from marshmallow import fields

from webapp.api import api_bp
from webapp.api.auth import token_required
from webapp.api.schemas import REFUSALS, Moment, Out, Text, refusals
from webapp.api.serializers import iso
from webapp.applications.services import applications
from webapp.documents.routes.verify import pdf_response
from webapp.documents.services import issuing, verification


class DocumentSchema(Out):
    id = fields.Integer()
    kind = fields.String(
        metadata={
            "description": "receipt, acceptance, deemed_acceptance, correction, refusal_to_accept, "
            "approval, partial_approval, refusal"
        }
    )
    title = fields.String()
    number = Text(description="文号")
    issuer = Text()
    addressee = Text()
    issued_at = Moment()
    sha256 = fields.String(metadata={"description": "Of the signed PDF"})
    download = fields.String(metadata={"format": "uri", "description": "Opened with the same token"})
    verify = fields.String(metadata={"format": "uri", "description": "The public verification page"})


class DocumentListSchema(Out):
    documents = fields.List(fields.Nested(DocumentSchema))


@api_bp.get("/applications/<int:application_id>/documents")
@api_bp.response(200, DocumentListSchema)
@refusals(*REFUSALS)
@token_required
def application_documents(application_id: int):
    """The documents issued on the case (receipt, notices, decision letters)"""
    application = applications.get_application(g.api_user, application_id)
    return {"documents": [document_json(d) for d in issuing.documents_of(application)]}


@api_bp.get("/documents/<int:document_id>")
@api_bp.response(200, content_type="application/pdf", description="The signed PDF (PAdES), as filed")
@refusals(*REFUSALS)
@token_required
def download_document(document_id: int):
    """The signed PDF of an issued document"""
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
