"""Notifications over the JSON API (tokens are issued by webapp/api/auth.py)."""
