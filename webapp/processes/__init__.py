"""Processes: versions of BPMN/DMN definitions and their drafts, the catalogue of the rules,
seeding, running instances (load, save, migrate, operate) and their timers."""
