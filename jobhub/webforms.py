"""Small helpers shared by the WTForms forms of every area."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from functools import partial

from flask_wtf import FlaskForm
from wtforms import DecimalField, IntegerField, SelectChoice
from wtforms import SelectField as _SelectField
from wtforms.meta import DefaultMeta


class Form(FlaskForm):
    """The base of every page form. WTForms' own messages ("Field cannot be longer than 120
    characters") come from its bundled Chinese catalogue, not in English: Flask-WTF would
    look for Flask-Babel, which we do not use, and fall back to English."""

    class Meta:
        locales = ("zh",)

        def get_translations(self, form):  # noqa: ANN001, ANN202 - WTForms' signature
            return DefaultMeta.get_translations(self, form)


def choices(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """``[(value, label), ...]`` as WTForms 3.3 wants them."""
    return [SelectChoice(value, label) for value, label in pairs]


# For forms whose values a pure core validates (with the same Chinese messages as the API),
# WTForms must not refuse an empty or unknown choice first.
CoreCheckedSelect = partial(_SelectField, validate_choice=False)


class NumberField(DecimalField):
    """A number a person types. Anything that is not a finite number ("abc", "sNaN", "inf")
    is refused with a Chinese message naming the field, before any validator compares it
    (comparing Decimal("sNaN") raises)."""

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = valuelist[0].strip() if valuelist and isinstance(valuelist[0], str) else ""
        self.data = None
        if not raw:
            return
        try:
            value = Decimal(raw)
        except (InvalidOperation, ValueError):
            raise ValueError(f"{self.label.text}应为数字") from None
        if not value.is_finite():
            raise ValueError(f"{self.label.text}应为数字")
        self.data = value


class WholeNumberField(IntegerField):
    """A whole number a person types, in ASCII digits and within 64 bits (a larger one could
    reach no row and breaks the database driver)."""

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = valuelist[0].strip() if valuelist and isinstance(valuelist[0], str) else ""
        self.data = None
        if not raw:
            return
        if not re.fullmatch(r"-?[0-9]{1,18}", raw):
            raise ValueError(f"{self.label.text}应为整数")
        self.data = int(raw)


def form_id(raw: object) -> int | None:
    """A row id posted in a form: ASCII digits within 64 bits, else None ("١٢" and 2**64
    are not ids; the database driver raises on the latter)."""
    if not isinstance(raw, str) or not re.fullmatch(r"[0-9]{1,18}", raw.strip()):
        return None
    return int(raw) or None


def write_and_flash(action: Callable[[], str]) -> bool:
    """Run a page's write: commit and flash the Chinese message it returns; on a refusal
    (``InputError`` or ``Conflict``) roll back and flash the reasons. Returns whether it
    was done. The view still owns the transaction: this is its one commit."""
    from flask import flash

    from jobhub.extensions import db
    from jobhub.seekers.inputs import Conflict, InputError

    try:
        message = action()
    except (InputError, Conflict) as exc:
        db.session.rollback()
        reasons = exc.fields.values() if isinstance(exc, InputError) else [exc.message]
        for reason in reasons:
            flash(reason, "error")
        return False
    db.session.commit()
    flash(message, "success")
    return True
