"""Shared marshmallow pieces for the API schemas (Chinese messages, lenient on unknown keys)."""

from __future__ import annotations

from marshmallow import EXCLUDE, Schema, fields, validate


class ContractSchema(Schema):
    """A request schema for a published contract: fields we do not know are ignored."""

    class Meta:
        unknown = EXCLUDE
        ordered = True


def one_of(choices) -> validate.OneOf:
    choices = list(choices)
    return validate.OneOf(choices, error="取值应为以下之一：" + "、".join(map(str, choices)))


def day(**kwargs) -> fields.Date:
    return fields.Date(
        format="%Y-%m-%d",
        error_messages={"invalid": "应为 YYYY-MM-DD 格式的日期"},
        **kwargs,
    )


def text(**kwargs) -> fields.String:
    return fields.String(**kwargs)


class IdField(fields.Field):
    """An id given by the caller: a string or an integer, echoed back as given."""

    default_error_messages = {"invalid": "应为字符串或整数"}

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise self.make_error("invalid")
        return value

    def _serialize(self, value, attr, obj, **kwargs):
        return value


class LocationSchema(ContractSchema):
    lat = fields.Float(
        required=True,
        validate=validate.Range(-90, 90, error="纬度应在 -90 到 90 之间"),
        allow_nan=False,
    )
    lng = fields.Float(
        required=True,
        validate=validate.Range(-180, 180, error="经度应在 -180 到 180 之间"),
        allow_nan=False,
    )
