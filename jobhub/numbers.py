"""Numbers as people write them in Chinese text and forms."""

from __future__ import annotations

from decimal import Decimal


def plain_number(value: float | int | Decimal) -> str:
    """1000000 (never 1e+06), 0.5, 12.25: for messages, labels and form values."""
    if value == int(value):
        return str(int(value))
    return f"{float(value):.2f}".rstrip("0").rstrip(".")
