"""The public 政策计算器 page (no login, nothing stored)."""
