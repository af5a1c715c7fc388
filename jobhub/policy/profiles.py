"""Region profiles: the rule parameters as dated data, loaded from TOML.

A profile file (``jobhub/policy/profiles/<name>.toml``) holds::

    name = "default"                 # must equal the file name
    title = "…"                      # shown to people choosing a region
    extends = "default"              # optional: inherit every parameter not overridden
    subsidies = ["si_flexible_difficulty", …]   # codes evaluated (inherited when absent)

    [[param]]                        # one version of one parameter
    key = "older_worker.min_age"
    value = { female = 40, male = 50 }
    effective_from = 2008-01-01
    effective_to = 2030-12-31        # optional, inclusive
    source = "[L] …"                 # where the value comes from, with its confidence tag

    [[basis]]                        # one legal-basis line shown with a rule's reasons
    rule = "older_worker"
    text = "《中华人民共和国就业促进法》第五十二条"
    effective_from = 2008-01-01
    source = "[V] …"

Values are chosen by date: :meth:`Profile.param` returns the version in force on the day
asked, so a notice dated next year is a new ``[[param]]`` and today's answers do not move.
A child profile *overlays* its parent: on a given day the child's version wins where it has
one, the parent's applies elsewhere. Basis lines overlay per rule the same way.

Loading validates everything and raises :class:`ProfileError` naming the file and the field.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .profile_schema import (
    BASIS_RULES,
    KEY_SPECS,
    SUBSIDY_CODES,
    SchemaError,
    parse_date,
)

PROFILE_DIR = Path(__file__).resolve().parent / "profiles"
_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")


class ProfileError(ValueError):
    """A profile file is malformed. The message names the file and the field (for operators)."""

    def __init__(self, path: Path | str, field: str, zh: str, en: str) -> None:
        self.path = str(path)
        self.field = field
        self.zh = zh
        self.en = en
        super().__init__(f"地区规则配置文件 {self.path}，字段 {field}：{zh}（{en}）")


class UnknownProfileError(LookupError):
    """No profile of that name exists (a user error, unlike :class:`ProfileError`)."""

    def __init__(self, name: str, available: tuple[str, ...]) -> None:
        self.name = name
        self.available = available
        listed = "、".join(available) or "无"
        super().__init__(f"未知的地区规则：{name!r}，可选：{listed}（unknown region profile）")


class RuleNotInForce(LookupError):
    """No version of a parameter is in force on the date asked."""

    def __init__(self, key: str, on: date) -> None:
        self.key = key
        self.on = on
        super().__init__(f"{key} has no version in force on {on.isoformat()}")


@dataclass(frozen=True)
class ParamVersion:
    """One dated version of one parameter, with the source it was taken from."""

    key: str
    value: Any
    effective_from: date
    effective_to: date | None
    source: str
    profile: str

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@dataclass(frozen=True)
class BasisItem:
    """One legal-basis line for a rule, dated like a parameter."""

    rule: str
    text: str
    effective_from: date
    effective_to: date | None
    source: str
    profile: str

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@dataclass(frozen=True, eq=False)
class Profile:
    """A loaded, validated region profile (immutable; shared through the cache)."""

    name: str
    title: str
    path: str
    subsidies: tuple[str, ...]
    parent: Profile | None
    params: Mapping[str, tuple[ParamVersion, ...]]
    basis_items: Mapping[str, tuple[BasisItem, ...]]

    def param(self, key: str, on: date) -> ParamVersion:
        """The version of ``key`` in force on ``on``; the child's wins over its parent's."""
        for version in self.params.get(key, ()):
            if version.in_force(on):
                return version
        if self.parent is not None:
            return self.parent.param(key, on)
        raise RuleNotInForce(key, on)

    def value(self, key: str, on: date) -> Any:
        return self.param(key, on).value

    def value_or_none(self, key: str, on: date) -> Any:
        try:
            return self.param(key, on).value
        except RuleNotInForce:
            return None

    def basis(self, rule: str, on: date) -> tuple[str, ...]:
        """Basis lines of ``rule`` in force on ``on`` (the child's lines replace the parent's)."""
        own = tuple(item.text for item in self.basis_items.get(rule, ()) if item.in_force(on))
        if own or self.parent is None:
            return own
        return self.parent.basis(rule, on)

    def earliest_complete_date(self) -> date:
        """First day on which every required parameter has a version in force.

        Used to refuse calculations for days the profile does not cover, rather than answer
        them with a gap. Gaps after that day are possible in principle and are reported by the
        rule that meets them.
        """
        starts: list[date] = []
        for key, spec in KEY_SPECS.items():
            if spec.required and not key.startswith(_DATED_SUBSIDY_PREFIXES):
                starts.append(min(v.effective_from for v in self.versions(key)))
        return max(starts)

    def versions(self, key: str) -> tuple[ParamVersion, ...]:
        """Every version of ``key`` in this profile and its parents (child's first)."""
        own = self.params.get(key, ())
        return own + (self.parent.versions(key) if self.parent is not None else ())


# Subsidy parameters start with their own documents (181号 in 2023, 国办发〔2022〕13号, the
# 2024 扩岗 notice); before that the subsidy is answered "no rule in force", not refused.
_DATED_SUBSIDY_PREFIXES = tuple(f"{code}." for code in SUBSIDY_CODES) + ("si_flexible.",)


def available_profiles() -> tuple[str, ...]:
    """Names of the region profiles shipped with the package, sorted."""
    return tuple(sorted(p.stem for p in PROFILE_DIR.glob("*.toml") if _NAME.fullmatch(p.stem)))


def load_profile(name: str, directory: Path | str | None = None) -> Profile:
    """The profile ``name`` from the package (or from ``directory``), validated and cached.

    ``extends`` is resolved in the same directory first, then among the packaged profiles.
    Raises :class:`UnknownProfileError` for an unknown name, :class:`ProfileError` for a
    malformed file.
    """
    return _load_cached(name, str(Path(directory).resolve()) if directory else None)


def clear_profile_cache() -> None:
    """Forget loaded profiles (for operators reloading edited files, and for tests)."""
    _load_cached.cache_clear()


@functools.cache
def _load_cached(name: str, directory: str | None) -> Profile:
    return _load(name, Path(directory) if directory else None, ())


def _find(name: str, directory: Path | None) -> Path:
    if isinstance(name, str) and _NAME.fullmatch(name):
        for folder in (directory, PROFILE_DIR):
            if folder is not None and (folder / f"{name}.toml").is_file():
                return folder / f"{name}.toml"
    names = set(available_profiles())
    if directory is not None:
        names.update(p.stem for p in directory.glob("*.toml") if _NAME.fullmatch(p.stem))
    raise UnknownProfileError(str(name), tuple(sorted(names)))


def _load(name: str, directory: Path | None, chain: tuple[str, ...]) -> Profile:
    path = _find(name, directory)
    try:
        with path.open("rb") as handle:
            doc = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(path, "(TOML)", f"语法错误：{exc}", "TOML syntax error") from None
    return _build(doc, path, directory, chain)


def _build(doc: dict[str, Any], path: Path, directory: Path | None, chain: tuple[str, ...]):
    allowed = {"name", "title", "extends", "subsidies", "param", "basis"}
    for field in doc:
        if field not in allowed:
            raise ProfileError(path, field, "不认识的字段", "unknown top-level field")
    for field in ("name", "title"):
        if field not in doc:
            raise ProfileError(path, field, "缺少必填字段", "missing required field")
        if not isinstance(doc[field], str) or not doc[field].strip():
            raise ProfileError(path, field, "应为非空文字", "expected a non-empty string")
    name = doc["name"]
    if name != path.stem:
        raise ProfileError(path, "name", f"应与文件名一致（{path.stem}）", "must match file name")

    parent: Profile | None = None
    if "extends" in doc:
        base = doc["extends"]
        if not isinstance(base, str):
            raise ProfileError(path, "extends", "应为地区规则名称", "expected a profile name")
        if base == name or base in chain:
            raise ProfileError(path, "extends", f"循环继承：{base}", "circular extends")
        try:
            parent = _load(base, directory, (*chain, name))
        except UnknownProfileError as exc:
            raise ProfileError(path, "extends", str(exc), "unknown parent profile") from None

    subsidies = _subsidies(doc, path, parent)
    params = _params(doc.get("param", []), path, name)
    basis = _basis(doc.get("basis", []), path, name)

    profile = Profile(
        name=name,
        title=doc["title"],
        path=str(path),
        subsidies=subsidies,
        parent=parent,
        params=MappingProxyType(params),
        basis_items=MappingProxyType(basis),
    )
    for key, spec in KEY_SPECS.items():
        if spec.required and not profile.versions(key):
            raise ProfileError(
                path, f"param {key}", "缺少必需的规则参数", "required parameter missing"
            )
    return profile


def _subsidies(doc: dict[str, Any], path: Path, parent: Profile | None) -> tuple[str, ...]:
    if "subsidies" not in doc:
        if parent is None:
            raise ProfileError(path, "subsidies", "缺少必填字段", "missing required field")
        return parent.subsidies
    raw = doc["subsidies"]
    if not isinstance(raw, list) or not raw:
        raise ProfileError(path, "subsidies", "应为非空列表", "expected a non-empty list")
    for i, code in enumerate(raw):
        if code not in SUBSIDY_CODES:
            listed = "、".join(SUBSIDY_CODES)
            raise ProfileError(
                path, f"subsidies[{i}]", f"未知补贴代码 {code!r}，可选：{listed}", "unknown code"
            )
    if len(set(raw)) != len(raw):
        raise ProfileError(path, "subsidies", "列表中有重复项", "duplicate codes")
    return tuple(raw)


def _dated(entry: Any, path: Path, where: str, fields: set[str]) -> tuple[date, date | None, str]:
    """Check the fields every dated entry shares; return (from, to, source)."""
    if not isinstance(entry, dict):
        raise ProfileError(path, where, "应为表（键值对）", "expected a table")
    for field in entry:
        if field not in fields:
            raise ProfileError(path, f"{where}.{field}", "不认识的字段", "unknown field")
    for field in ("effective_from", "source"):
        if field not in entry:
            raise ProfileError(path, f"{where}.{field}", "缺少必填字段", "missing required field")
    try:
        start = parse_date(entry["effective_from"], "effective_from")
        end = parse_date(entry["effective_to"], "effective_to") if "effective_to" in entry else None
    except SchemaError as exc:
        raise ProfileError(path, f"{where}.{exc.field}", exc.zh, exc.en) from None
    if end is not None and end < start:
        raise ProfileError(
            path,
            f"{where}.effective_to",
            "失效日期早于生效日期",
            "effective_to before effective_from",
        )
    source = entry["source"]
    if not isinstance(source, str) or not source.strip():
        raise ProfileError(path, f"{where}.source", "应为非空文字", "expected a non-empty string")
    return start, end, source


def _params(raw: Any, path: Path, profile: str) -> dict[str, tuple[ParamVersion, ...]]:
    if not isinstance(raw, list):
        raise ProfileError(path, "param", "应为 [[param]] 表数组", "expected an array of tables")
    fields = {"key", "value", "effective_from", "effective_to", "source"}
    out: dict[str, list[ParamVersion]] = {}
    for i, entry in enumerate(raw):
        key = entry.get("key") if isinstance(entry, dict) else None
        where = f"param[{i}]" + (f"（{key}）" if isinstance(key, str) else "")
        if isinstance(entry, dict) and "key" not in entry:
            raise ProfileError(path, f"{where}.key", "缺少必填字段", "missing required field")
        if isinstance(entry, dict) and key not in KEY_SPECS:
            raise ProfileError(path, f"{where}.key", f"未知参数 {key!r}", "unknown parameter key")
        start, end, source = _dated(entry, path, where, fields)
        if "value" not in entry:
            raise ProfileError(path, f"{where}.value", "缺少必填字段", "missing required field")
        try:
            value = KEY_SPECS[key].validate(entry["value"], "")
        except SchemaError as exc:
            field = f"{where}.value" + (f".{exc.field}" if exc.field else "")
            raise ProfileError(path, field, exc.zh, exc.en) from None
        version = ParamVersion(key, value, start, end, source, profile)
        for other in out.get(key, ()):
            if _overlap(other, version):
                raise ProfileError(
                    path, where, f"与同一参数的另一版本生效期重叠（{key}）", "overlapping versions"
                )
        out.setdefault(key, []).append(version)
    return {key: tuple(versions) for key, versions in out.items()}


def _basis(raw: Any, path: Path, profile: str) -> dict[str, tuple[BasisItem, ...]]:
    if not isinstance(raw, list):
        raise ProfileError(path, "basis", "应为 [[basis]] 表数组", "expected an array of tables")
    fields = {"rule", "text", "effective_from", "effective_to", "source"}
    out: dict[str, list[BasisItem]] = {}
    for i, entry in enumerate(raw):
        where = f"basis[{i}]"
        start, end, source = _dated(entry, path, where, fields)
        rule, text = entry.get("rule"), entry.get("text")
        if rule not in BASIS_RULES:
            raise ProfileError(path, f"{where}.rule", f"未知规则 {rule!r}", "unknown rule code")
        if not isinstance(text, str) or not text.strip():
            raise ProfileError(path, f"{where}.text", "应为非空文字", "expected a non-empty string")
        out.setdefault(rule, []).append(BasisItem(rule, text, start, end, source, profile))
    return {rule: tuple(items) for rule, items in out.items()}


def _overlap(a: ParamVersion, b: ParamVersion) -> bool:
    far = date.max
    return a.effective_from <= (b.effective_to or far) and b.effective_from <= (
        a.effective_to or far
    )
