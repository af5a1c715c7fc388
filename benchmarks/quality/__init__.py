"""Ranking quality on real data, side by side with simple baselines (issue 11)."""
