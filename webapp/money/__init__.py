"""The money room: fund lines, calls for applications, commitments, payments, recoveries, the ledger."""
