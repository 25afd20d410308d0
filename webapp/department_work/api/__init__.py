"""The departments' endpoints of the JSON API: tasks and send-back."""
