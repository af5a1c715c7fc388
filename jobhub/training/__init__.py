"""Training catalogue, training subsidies, enrolment and completion (issue 19)."""
