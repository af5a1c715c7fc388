"""The bureau's (admin) pages: 政策找人, graduate real-name service, review queue."""
