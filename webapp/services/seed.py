"""Reference data every installation needs: the departments of the rules and the shipped processes."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from webapp.extensions import db
from webapp.models import Department, ProcessDefinition
from webapp.services import definitions
from webapp.services.transaction import unit_of_work
from workflows.shipped import SHIPPED_PROCESSES, shipped_sources

# code, name as the rules write it, English name, kind
DEPARTMENTS = [
    ("JXW", "自治区经信委", "Economic and Information Technology Commission", "government"),
    ("CZT", "自治区财政厅", "Department of Finance", "government"),
    ("KJT", "自治区科技厅", "Department of Science and Technology", "government"),
    ("FGW", "自治区发改委", "Development and Reform Commission", "government"),
    ("JYT", "自治区教育厅", "Department of Education", "government"),
    ("RST", "自治区人力资源和社会保障厅", "Department of Human Resources and Social Security", "government"),
    ("SWT", "自治区商务厅", "Department of Commerce", "government"),
    ("JRB", "自治区金融办", "Financial Affairs Office", "government"),
    ("GSJ", "自治区工商局", "Administration for Industry and Commerce", "government"),
    ("ZJJ", "自治区质监局", "Bureau of Quality and Technical Supervision", "government"),
    ("TJJ", "自治区统计局", "Statistics Bureau", "government"),
    ("ZSCQJ", "自治区知识产权局", "Intellectual Property Office", "government"),
    ("GZW", "自治区国资委", "State-owned Assets Supervision and Administration Commission", "government"),
    ("GSJU", "自治区国税局", "State Taxation Bureau", "government"),
    ("DSJ", "自治区地税局", "Local Taxation Bureau", "government"),
    ("GTZYT", "自治区国土资源厅", "Department of Land and Resources", "government"),
    ("ZJT", "自治区住房城乡建设厅", "Department of Housing and Urban-Rural Development", "government"),
    ("SLT", "自治区水利厅", "Department of Water Resources", "government"),
    ("HBT", "自治区环保厅", "Department of Environmental Protection", "government"),
    ("JFB", "自治区减负办", "Office for Reducing Enterprise Burdens", "government"),
    ("SJT", "自治区审计厅", "Audit Office", "government"),
    ("RHZX", "人民银行乌鲁木齐中心支行", "People's Bank of China Urumqi Central Sub-branch", "financial regulator"),
    ("YJJ", "新疆银监局", "Xinjiang Banking Regulatory Bureau", "financial regulator"),
    ("ZJJU", "新疆证监局", "Xinjiang Securities Regulatory Bureau", "financial regulator"),
    ("DLGS", "新疆电力公司", "Xinjiang Electric Power Company", "enterprise"),
]


def seed_departments() -> int:
    added = 0
    with unit_of_work():
        existing = set(db.session.scalars(select(Department.code)))
        for code, name_zh, name_en, kind in DEPARTMENTS:
            if code not in existing:
                db.session.add(Department(code=code, name_zh=name_zh, name_en=name_en, kind=kind))
                added += 1
    return added


def seed_processes(process_dir: Path) -> list[ProcessDefinition]:
    """Upload each shipped process unless a version with the same sources is already there."""
    loaded = []
    for bpmn_name in SHIPPED_PROCESSES:
        bpmn, dmns = shipped_sources(bpmn_name, process_dir)
        digest = definitions.definitions.source_hash(bpmn, dmns)
        if db.session.scalar(select(ProcessDefinition.id).where(ProcessDefinition.source_hash == digest)):
            continue
        loaded.append(definitions.upload_definition(None, bpmn, dmns))
    return loaded
