"""The statistics endpoint of the JSON API."""
