"""Department work: the inbox and its counts, claiming and completing steps, send-back, joint
review (opinions, information copies, comments), deadlines, extensions, reminders and
escalation, the working-day calendar, the head's overview."""
