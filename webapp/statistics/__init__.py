"""Statistics: the dashboard, the public figures, SME monitoring and the statistics API (issue 12)."""
