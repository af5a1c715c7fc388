"""JobHub matching engine (pure core)."""
