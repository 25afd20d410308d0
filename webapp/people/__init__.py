"""People: accounts and sign-in, departments and their staff, enterprises and their members,
notifications and the e-mail queue."""
