"""Occupation coding as the platform uses it: the title classifier (jobhub.occupations, a pure
core) plus the corrections people make, which take effect for a title once enough distinct
users made the same one or an admin confirmed it."""
