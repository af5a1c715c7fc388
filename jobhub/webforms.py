"""Small helpers shared by the WTForms forms of every area."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from wtforms import SelectChoice
from wtforms import SelectField as _SelectField


def choices(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """``[(value, label), ...]`` as WTForms 3.3 wants them."""
    return [SelectChoice(value, label) for value, label in pairs]


# For forms whose values a pure core validates (with the same Chinese messages as the API),
# WTForms must not refuse an empty or unknown choice first.
CoreCheckedSelect = partial(_SelectField, validate_choice=False)
