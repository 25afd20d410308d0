"""Use cases. Each public function is one transaction: it commits, or changes nothing."""
