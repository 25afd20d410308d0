"""Process definitions and programs over the JSON API."""
