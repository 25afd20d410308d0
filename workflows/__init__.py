"""Approval chains: BPMN/DMN files and the SpiffWorkflow glue that runs them.

Nothing in this package imports Flask: the web app calls into it, never the reverse.
"""
