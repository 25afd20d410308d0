"""Parse a process version once, check it thoroughly, and keep the result in memory.

A process version is one BPMN file plus the DMN files it calls. Parsing costs milliseconds,
so every version is parsed once per process and cached by the hash of its sources; the
cached spec is also what saved instances are restored against (see `state.py`).
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass, field

from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnValidator
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.script_task import ScriptEngineTask
from SpiffWorkflow.camunda.parser.CamundaParser import CamundaParser
from SpiffWorkflow.camunda.specs.user_task import UserTask
from SpiffWorkflow.dmn.engine.DMNEngine import DMNEngine
from SpiffWorkflow.exceptions import SpiffWorkflowException

from workflows.engine.errors import DefinitionProblem, InvalidDefinition
from workflows.engine.fields import FieldSpec, fields_of
from workflows.engine.sandbox import check_source
from workflows.engine.source_checks import check_business_rule_tasks, check_decision_tables

APPLICANT_LANE = "applicant"
BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"


@dataclass(frozen=True)
class StepInfo:
    """What the app needs to know about one user task, read from the model."""

    name: str
    title: str
    lane: str | None
    form_key: str
    fields: tuple[FieldSpec, ...]
    documentation: str
    legal_basis: str
    time_limit_days: int | None
    cap_decision: str | None
    cap_field: str | None
    status: str
    title_en: str | None = None
    documentation_en: str | None = None
    # Working days before the due date the holder is reminded (None: the site's default).
    reminder_days: int | None = None
    # 抄告: department codes that get an information copy of the case when this step completes.
    info_copy: tuple[str, ...] = ()
    # A special step (专家评审, 公示, 现场核查) lies outside the case's time limit: while it is open the
    # case clock stops (camunda property `stops_clock` = `true`). The applicant's steps stop it too.
    stops_clock: bool = False

    def title_for(self, locale: str) -> str:
        return self.title_en if self.title_en and str(locale).startswith("en") else self.title

    def documentation_for(self, locale: str) -> str:
        english = str(locale).startswith("en") and self.documentation_en
        return self.documentation_en if english else self.documentation

    def decision_label(self, value: str | None, locale: str) -> str | None:
        """The step's own word for a decision value: 受理 at acceptance, 同意 at review, 批准 at the decision."""
        for spec in self.fields:
            if spec.name == "decision":
                return dict(spec.choices_for(locale)).get(value)
        return None


@dataclass
class ProcessVersion:
    """A parsed, checked process version: the spec plus what the app reads from it."""

    key: str
    name: str
    spec: object
    subprocess_specs: dict
    steps: dict[str, StepInfo]
    decisions: dict[str, DMNEngine] = field(default_factory=dict)
    source_hash: str = ""
    # 承诺办结时限: working days the whole case may take, from the process element's camunda
    # property `case_time_limit_days`; None means the process has no case clock.
    case_time_limit_days: int | None = None

    def lanes(self) -> set[str]:
        return {s.lane for s in self.steps.values() if s.lane}


_cache: dict[str, ProcessVersion] = {}
_cache_lock = threading.Lock()


def source_hash(bpmn: bytes, dmns: list[bytes]) -> str:
    digest = hashlib.sha256(bpmn)
    for dmn in dmns:
        digest.update(b"\0")
        digest.update(dmn)
    return digest.hexdigest()


def load_version(bpmn: bytes, dmns: list[bytes] | tuple = ()) -> ProcessVersion:
    """The parsed version for these sources, parsed at most once per process."""
    key = source_hash(bpmn, list(dmns))
    cached = _cache.get(key)
    if cached is not None:
        return cached
    with _cache_lock:
        if key not in _cache:
            _cache[key] = parse_version(bpmn, list(dmns))
            _cache[key].source_hash = key
        return _cache[key]


def parse_version(bpmn: bytes, dmns: list[bytes]) -> ProcessVersion:
    """Parse and check; every problem a run would hit later is an InvalidDefinition now."""
    parser = CamundaParser(validator=BpmnValidator())
    check_decision_tables(dmns)
    check_business_rule_tasks(bpmn)
    try:
        for dmn in dmns:
            parser.add_dmn_str(dmn)
        parser.add_bpmn_str(bpmn)
        process_ids = _executable_process_ids(parser)
        key = process_ids[0]
        spec = parser.get_spec(key)
        subprocess_specs = parser.get_subprocess_specs(key)
        decisions = {ref: parser.get_engine(ref, None) for ref in parser.dmn_parsers}
    except etree.XMLSyntaxError as exc:
        raise InvalidDefinition([DefinitionProblem(f"XML syntax error: {exc.msg}", line=exc.lineno)]) from exc
    except ValidationException as exc:
        element = exc.id or exc.tag or None
        raise InvalidDefinition(
            [DefinitionProblem(str(exc).split("\n")[0], element=element, line=exc.line_number or None)]
        ) from exc
    except SpiffWorkflowException as exc:
        raise InvalidDefinition([DefinitionProblem(str(exc).split("\n")[0])]) from exc

    problems = _code_problems(spec, subprocess_specs, decisions) + _condition_problems(bpmn)
    steps = {ts.name: _step_info(ts) for ts in _all_task_specs(spec, subprocess_specs) if isinstance(ts, UserTask)}
    problems += _step_problems(steps, decisions)
    case_limit, limit_problems = _case_time_limit(bpmn, key)
    problems += limit_problems
    if problems:
        raise InvalidDefinition(problems)
    return ProcessVersion(
        key, spec.description or key, spec, subprocess_specs, steps, decisions, case_time_limit_days=case_limit
    )


CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"


def process_properties(bpmn: bytes, process_id: str) -> dict[str, str]:
    """The camunda properties on the process element itself (the parser keeps only the tasks' ones)."""
    tree = etree.fromstring(bpmn)
    for process in tree.iter(f"{{{BPMN_NS}}}process"):
        if process.get("id") != process_id:
            continue
        properties = process.find(f"{{{BPMN_NS}}}extensionElements/{{{CAMUNDA_NS}}}properties")
        if properties is None:
            return {}
        return {p.get("name"): p.get("value") or "" for p in properties.findall(f"{{{CAMUNDA_NS}}}property")}
    return {}


def _case_time_limit(bpmn: bytes, process_id: str) -> tuple[int | None, list[DefinitionProblem]]:
    value = process_properties(bpmn, process_id).get("case_time_limit_days")
    if value is None or not value.strip():
        return None, []
    value = value.strip()
    if not value.isdigit() or not 1 <= int(value) <= 366:
        message = f"case_time_limit_days must be a whole number of working days (1–366), not '{value}'."
        return None, [DefinitionProblem(message, element=process_id)]
    return int(value), []


def _executable_process_ids(parser: CamundaParser) -> list[str]:
    ids = parser.get_process_ids()
    if not ids:
        raise InvalidDefinition([DefinitionProblem("The file holds no executable BPMN process.")])
    called = set()
    for pid in ids:
        called |= set(parser.get_process_parser(pid).called_element_ids())
    top = [pid for pid in ids if pid not in called]
    if len(top) != 1:
        raise InvalidDefinition([DefinitionProblem(f"Expected one top-level process, found {len(top)}: {top}")])
    return top


def _all_task_specs(spec, subprocess_specs):
    yield from spec.task_specs.values()
    for sub in subprocess_specs.values():
        yield from sub.task_specs.values()


_NAME_OK = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _code_problems(spec, subprocess_specs, decisions) -> list[DefinitionProblem]:
    """Scripts and conditions are not checked by the parser: compile them in the sandbox now."""
    problems = []

    def check(source, mode, element, what):
        objection = check_source(source, mode)
        if objection:
            problems.append(DefinitionProblem(f"{what} refused: {objection}", element=element))

    for ts in _all_task_specs(spec, subprocess_specs):
        if isinstance(ts, ScriptEngineTask) and getattr(ts, "script", None):
            check(ts.script, "exec", ts.name, "Script")
        event = getattr(ts, "event_definition", None)
        if isinstance(event, TimerEventDefinition):
            check(event.expression, "eval", ts.name, "Timer expression")
    for ref, engine in decisions.items():
        for column in engine.decision_table.inputs:
            if column.expression:
                check(column.expression, "eval", f"{ref} input {column.label or column.id}", "DMN input expression")
        for rule in engine.decision_table.rules:
            where = f"{ref} row {rule.row_number}"
            for entry in rule.inputEntries:
                for cell in filter(None, entry.lhs):
                    _check_input_cell(cell, where, problems)
            for entry in rule.outputEntries:
                if entry.text:
                    check(entry.text, "eval", where, "DMN output cell")
    return problems


def _condition_problems(bpmn: bytes) -> list[DefinitionProblem]:
    """Conditions are checked per sequence flow, so the modeler can point at the flow itself."""
    problems = []
    tree = etree.fromstring(bpmn)
    for flow in tree.iter(f"{{{BPMN_NS}}}sequenceFlow"):
        condition = flow.find(f"{{{BPMN_NS}}}conditionExpression")
        if condition is not None and (condition.text or "").strip():
            objection = check_source(condition.text.strip(), "eval")
            if objection:
                problems.append(
                    DefinitionProblem(f"Condition refused: {objection}", element=flow.get("id"), line=flow.sourceline)
                )
    return problems


def _check_input_cell(cell: str, where: str, problems: list[DefinitionProblem]) -> None:
    """An input cell is an expression (`"a"`), a test on the input (`> 5`), or uses `?`."""
    if "?" in cell:
        objection = check_source(cell.replace("?", "dmninputexpr"), "eval")
    else:
        objection = check_source(cell, "eval") and check_source(f"v {cell}", "eval")
    if objection:
        problems.append(DefinitionProblem(f"DMN input cell refused: {objection}", element=where))


def _step_problems(steps: dict[str, StepInfo], decisions) -> list[DefinitionProblem]:
    problems = []
    for step in steps.values():
        if not step.lane:
            problems.append(DefinitionProblem("A user task must sit in a department's lane.", element=step.name))
        for f in step.fields:
            if not _NAME_OK.match(f.name) or f.name == "typename":
                problems.append(DefinitionProblem(f"Field id '{f.name}' is not a usable name.", element=step.name))
        if step.cap_decision and step.cap_decision not in decisions:
            problems.append(
                DefinitionProblem(f"cap_decision '{step.cap_decision}' names no DMN decision.", element=step.name)
            )
    return problems


def _step_info(ts: UserTask) -> StepInfo:
    ext = ts.extensions or {}
    limit = ext.get("time_limit_days")
    reminder = ext.get("reminder_days")
    return StepInfo(
        name=ts.name,
        title=ts.bpmn_name or ts.name,
        lane=ts.lane,
        form_key=ts.form.key if ts.form else "",
        fields=tuple(fields_of(ts)),
        documentation=ts.documentation or "",
        legal_basis=ext.get("legal_basis", ""),
        time_limit_days=int(limit) if limit and limit.isdigit() else None,
        cap_decision=ext.get("cap_decision"),
        cap_field=ext.get("cap_field"),
        status=ext.get("status", "in_progress"),
        title_en=ext.get("title_en"),
        documentation_en=ext.get("documentation_en"),
        reminder_days=int(reminder) if reminder and reminder.isdigit() else None,
        info_copy=tuple(code.strip() for code in ext.get("info_copy", "").split(",") if code.strip()),
        stops_clock=(ext.get("stops_clock") or "").strip().lower() == "true",
    )
