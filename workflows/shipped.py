"""The processes shipped with the product: each BPMN file and the DMN files it calls."""

from __future__ import annotations

from pathlib import Path

PROCESS_DIR = Path(__file__).resolve().parent / "processes"

SHIPPED_PROCESSES: dict[str, tuple[str, ...]] = {
    "sme_18_1_new_product.bpmn": ("cap_18_1.dmn", "disbursement_limit.dmn"),
}


def shipped_sources(bpmn_name: str, process_dir: Path = PROCESS_DIR) -> tuple[bytes, list[bytes]]:
    """The BPMN bytes and the bytes of every DMN it calls."""
    dmns = [(process_dir / name).read_bytes() for name in SHIPPED_PROCESSES[bpmn_name]]
    return (process_dir / bpmn_name).read_bytes(), dmns
