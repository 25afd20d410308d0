"""The case's written acts over the JSON API."""
