"""Drafts of a process in the modeler, and the differences between versions (and a draft).

A draft is unpublished work: saving one runs nothing and checks only that it is XML, so an
administrator can stop half-way. There is one per process key; two administrators saving over
each other get a 409 on the stale revision instead of silently losing the other's work.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from sqlalchemy import select

from webapp.common import audit
from webapp.common.errors import Conflict, Invalid, NotFound, PermissionDenied
from webapp.common.transaction import unit_of_work
from webapp.extensions import db
from webapp.models import ProcessDefinition, ProcessDraft, User
from webapp.models._columns import utcnow
from workflows.engine import diff

STALE = "Someone saved this draft after you opened it; reload to see their changes."
DRAFT = "draft"


def get_draft(key: str) -> ProcessDraft | None:
    return db.session.scalar(select(ProcessDraft).where(ProcessDraft.key == key))


def save_draft(
    user: User, base: ProcessDefinition, bpmn: str, revision: int | None, dmns: list[str] | None = None
) -> ProcessDraft:
    """Store the modeler's XML as the process's draft; `revision` is the draft's revision the page loaded.

    `revision` None means the page opened a version, not a draft: if a draft appeared meanwhile,
    saving over it would lose someone's work, so that is a conflict too.
    """
    _admin_only(user)
    _well_formed(bpmn)
    for dmn in dmns or []:
        _well_formed(dmn)
    with unit_of_work(STALE):
        draft = db.session.scalar(select(ProcessDraft).where(ProcessDraft.key == base.key).with_for_update())
        if draft is None:
            if revision is not None:
                raise Conflict("This draft was published or discarded meanwhile; reload the process.")
            draft = ProcessDraft(key=base.key, name=base.name, bpmn_xml=bpmn, dmn_xml=dmns or base.dmn_xml)
            draft.base_definition_id = base.id
            db.session.add(draft)
        elif revision != draft.revision:
            raise Conflict(STALE)
        else:
            draft.bpmn_xml = bpmn
            if dmns is not None:
                draft.dmn_xml = dmns
            draft.base_definition_id = base.id
            draft.saved_at = utcnow()
        draft.saved_by_id = user.id
        db.session.flush()
        audit.record(user, "draft.saved", draft, data={"key": draft.key, "base": base.version})
    return draft


def discard_draft(user: User, key: str) -> None:
    _admin_only(user)
    with unit_of_work(STALE):
        draft = get_draft(key)
        if draft is None:
            raise NotFound("There is no draft of this process.")
        audit.record(user, "draft.discarded", draft, data={"key": key})
        db.session.delete(draft)


@dataclass(frozen=True)
class Side:
    """One side of a diff: a version or the draft."""

    ref: str  # a definition id, or "draft"
    label: str
    bpmn_xml: str
    dmn_xml: list[str]


@dataclass(frozen=True)
class Comparison:
    old: Side
    new: Side
    changes: list[diff.ElementChange]
    text: str
    dmn_text: str


def side(key: str, ref: str) -> Side:
    """`ref` is a definition id of this process, or "draft"."""
    if ref == DRAFT:
        draft = get_draft(key)
        if draft is None:
            raise NotFound("There is no draft of this process.")
        return Side(DRAFT, "draft", draft.bpmn_xml, list(draft.dmn_xml or []))
    definition = db.session.get(ProcessDefinition, int(ref)) if str(ref).isdigit() else None
    if definition is None or definition.key != key:
        raise NotFound("No such version of this process.")
    return Side(str(definition.id), f"v{definition.version}", definition.bpmn_xml, list(definition.dmn_xml or []))


def compare(user: User, key: str, old_ref: str, new_ref: str) -> Comparison:
    """What changed from `old_ref` to `new_ref`: by element, and as unified diffs of the BPMN and DMN."""
    _admin_only(user)
    old, new = side(key, old_ref), side(key, new_ref)
    try:
        changes = diff.element_changes(old.bpmn_xml, new.bpmn_xml)
    except etree.XMLSyntaxError as exc:
        raise Invalid("A side of the comparison is not well-formed XML: %(error)s", error=str(exc)) from exc
    text = diff.text_diff(old.bpmn_xml, new.bpmn_xml, f"{key} {old.label}", f"{key} {new.label}")
    dmn_text = diff.text_diff(
        "\n".join(old.dmn_xml), "\n".join(new.dmn_xml), f"{key} {old.label} DMN", f"{key} {new.label} DMN"
    )
    return Comparison(old, new, changes, text, dmn_text)


def _admin_only(user: User) -> None:
    if user is None or not user.is_admin:
        raise PermissionDenied("Only administrators may edit processes.")


def _well_formed(xml: str) -> None:
    if not isinstance(xml, str) or not xml.strip():
        raise Invalid("The draft is empty.")
    try:
        etree.fromstring(xml.encode())
    except etree.XMLSyntaxError as exc:
        raise Invalid(
            "The draft is not well-formed XML.", [{"element": None, "line": exc.lineno, "message": exc.msg}]
        ) from exc
