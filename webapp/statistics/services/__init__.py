"""Figures computed by SQL aggregates over the cases, task rows, ratings and enterprise profiles."""
