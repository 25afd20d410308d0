"""WTForms: forms built from the fields a BPMN user task declares, and hand-written page forms."""
