"""Job seekers (求职者) and walk-in clients: one Person record per human being."""
