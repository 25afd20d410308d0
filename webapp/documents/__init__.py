"""Documents drawn from a service's facts (PDF through reportlab); nothing here reads the database."""
