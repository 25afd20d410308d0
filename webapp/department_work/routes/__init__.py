"""The departments' pages: the inbox, a task, the work around a case, the calendar."""
