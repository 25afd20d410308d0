"""The (十八)1 process version as the app loads it: the shipped BPMN and its cap table."""

from __future__ import annotations

import pytest

from tests.engine.support import new_product_sources
from workflows.engine import definitions


@pytest.fixture
def new_product() -> definitions.ProcessVersion:
    return definitions.load_version(*new_product_sources())
