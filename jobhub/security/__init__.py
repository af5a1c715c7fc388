"""Personal-data primitives: identity-number checks, field encryption, masking and audit."""
