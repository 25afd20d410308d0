"""The applicant's pages and the public lookup: parse input, call one service, render."""
