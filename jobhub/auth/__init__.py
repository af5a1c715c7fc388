"""Accounts, sessions, roles and the access-rule mechanism."""
