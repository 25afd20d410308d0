"""Tests of the engine glue (`workflows/engine/`): real BPMN and DMN files, no Flask, no database."""
