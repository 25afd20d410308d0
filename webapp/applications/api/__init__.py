"""The applicant's endpoints of the JSON API."""
