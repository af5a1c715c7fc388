"""Posting review as a service: the pure reviewer plus the platform's wage data and a record of
every review for the audit trail."""
