"""Which application statuses count as approved, refused, withdrawn and paid in every figure."""

# A grant paid in tranches is "partly_paid" until its last tranche (webapp/money/services/payments.py);
# a recovered one was approved and paid before the money came back.
APPROVED = ("awaiting_disbursement", "partly_paid", "disbursed", "recovered", "approved")
REFUSED = ("rejected", "not_accepted")
PAID = ("partly_paid", "disbursed", "recovered")
WITHDRAWN = ("withdrawn",)
