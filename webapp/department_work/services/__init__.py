"""The departments' use cases; each public function is one transaction."""
