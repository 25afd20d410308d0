"""Administrators upload process versions; every version is checked before it can run."""

from __future__ import annotations

from sqlalchemy import func, select

from webapp.common import audit
from webapp.common.errors import Invalid, NotFound, PermissionDenied
from webapp.common.transaction import unit_of_work
from webapp.extensions import db
from webapp.models import Department, ProcessDefinition, ProcessDraft, User
from webapp.processes.services import instances
from workflows.engine import InvalidDefinition, definitions
from workflows.engine.errors import DefinitionProblem


def list_definitions() -> list[ProcessDefinition]:
    return list(
        db.session.scalars(select(ProcessDefinition).order_by(ProcessDefinition.key, ProcessDefinition.version))
    )


def get_definition(definition_id: int) -> ProcessDefinition:
    definition = db.session.get(ProcessDefinition, definition_id)
    if definition is None:
        raise NotFound("No such process definition.")
    return definition


def check_sources(bpmn: bytes, dmns: list[bytes]) -> definitions.ProcessVersion:
    """Parse in the engine, then check what only the app knows: that every lane is a department."""
    try:
        version = definitions.parse_version(bpmn, dmns)
    except InvalidDefinition as exc:
        raise Invalid("The process cannot run.", [p.as_dict() for p in exc.problems]) from exc
    problems = [
        DefinitionProblem(f"Lane '{lane}' is neither the applicant nor a known department.").as_dict()
        for lane in sorted(version.lanes())
        if lane not in instances.APPLICANT_LANES and instances.department_for_lane(lane) is None
    ]
    if problems:
        raise Invalid("The process names unknown departments.", problems)
    return version


def upload_definition(
    user: User | None, bpmn: bytes, dmns: list[bytes], publish: bool = True, comment: str = ""
) -> ProcessDefinition:
    """A new version of the process in the file; running instances keep the version they began on."""
    if user is not None and not user.is_admin:
        raise PermissionDenied("Only administrators may upload processes.")
    try:
        bpmn_text = bpmn.decode("utf-8")
        dmn_texts = [d.decode("utf-8") for d in dmns]
    except UnicodeDecodeError as exc:
        raise Invalid("Files must be UTF-8 XML.", [{"element": None, "line": None, "message": str(exc)}]) from exc
    version = check_sources(bpmn, dmns)
    with unit_of_work(SIMULTANEOUS):
        definition = _new_version(user, version, bpmn_text, dmn_texts, publish, comment)
    return definition


SIMULTANEOUS = "Another version of this process was uploaded at the same moment; retry."


def _new_version(
    user: User | None, version: definitions.ProcessVersion, bpmn: str, dmns: list[str], publish: bool, comment: str
) -> ProcessDefinition:
    latest = db.session.scalar(select(func.max(ProcessDefinition.version)).where(ProcessDefinition.key == version.key))
    definition = ProcessDefinition(
        key=version.key,
        version=(latest or 0) + 1,
        name=version.name,
        bpmn_xml=bpmn,
        dmn_xml=dmns,
        source_hash=definitions.source_hash(bpmn.encode(), [d.encode() for d in dmns]),
        published=publish,
        uploaded_by_id=user.id if user else None,
        comment=comment or None,
    )
    db.session.add(definition)
    db.session.flush()
    audit.record(
        user,
        "definition.uploaded",
        definition,
        data={"key": definition.key, "version": definition.version, "comment": comment},
    )
    return definition


def departments_by_lane(definition: ProcessDefinition) -> dict[str, Department | None]:
    version = instances.version_of(definition)
    return {lane: instances.department_for_lane(lane) for lane in sorted(version.lanes())}


def versions_of(key: str) -> list[ProcessDefinition]:
    query = select(ProcessDefinition).where(ProcessDefinition.key == key).order_by(ProcessDefinition.version.desc())
    return list(db.session.scalars(query))


def latest_version(key: str) -> int:
    return db.session.scalar(select(func.max(ProcessDefinition.version)).where(ProcessDefinition.key == key)) or 0


def publish_edit(
    user: User, edited: ProcessDefinition, bpmn: str, comment: str, dmns: list[str] | None = None
) -> ProcessDefinition:
    """The modeler's diagram, with the edited version's DMN tables (or the edited ones), as the next version.

    A comment saying what changed is required: it is the version history's only explanation.
    Publishing ends the process's draft, if there is one: its work is now a version.
    """
    if user is None or not user.is_admin:
        raise PermissionDenied("Only administrators may upload processes.")
    if dmns is None:
        # The tables were not edited in this session: the draft's, if publishing a draft, else the version's.
        draft = db.session.scalar(select(ProcessDraft).where(ProcessDraft.key == edited.key))
        dmns = list(draft.dmn_xml) if draft is not None else list(edited.dmn_xml)
    dmns = [d.encode() for d in dmns]
    version = check_sources(bpmn.encode(), dmns)
    key = version.key
    if key != edited.key:
        # Renaming the process would start another process, not a new version of this one.
        raise Invalid(
            "The process id must stay '%(key)s' to publish a new version of it.",
            [{"element": key, "line": None, "message": f"Process id '{key}' is not '{edited.key}'."}],
            key=edited.key,
        )
    comment = (comment or "").strip()
    if not comment:
        raise Invalid("Say what changed before publishing.")
    with unit_of_work(SIMULTANEOUS):
        definition = _new_version(user, version, bpmn, [d.decode() for d in dmns], True, comment)
        draft = db.session.scalar(select(ProcessDraft).where(ProcessDraft.key == key))
        if draft is not None:
            db.session.delete(draft)
            audit.record(user, "draft.published", definition, data={"key": key, "version": definition.version})
    return definition
