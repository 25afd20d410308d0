"""Gathering what a document says from the database."""
