"""Use cases on processes and their instances; each public function is one transaction."""
