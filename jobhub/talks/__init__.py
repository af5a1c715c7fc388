"""Talking about an application: interview invitations and replies, and a message thread."""
