"""The applicant's use cases; each public function is one transaction."""
