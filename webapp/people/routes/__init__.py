"""Sign-in and registration, one's account and notifications, the enterprise's pages, the
administrators' accounts and departments."""
