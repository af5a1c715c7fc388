"""Gigs (零工) posted by employers or by station staff for a caller (即时快招)."""
