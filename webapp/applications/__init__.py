"""Applications: an enterprise checks eligibility, fills a draft, attaches documents, submits,
follows its case (timeline, case clock, public lookup), withdraws and rates."""
