"""What every room shares: one transaction per use case, the refusals a use case raises, the
audit trail, role checks for views, the home page."""
