"""Drawing documents from facts handed in; nothing here reads the database."""
