"""What the benches share: timings and percentiles, a gunicorn on a throwaway database, a JSON API
client. A package (bench/harness/), not a bench: tests/test_benches.py runs every bench/*.py."""
