"""Use cases on people; each public function is one transaction."""
