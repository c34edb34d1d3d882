"""Reading an existing assistance ledger (帮扶台账) from the workbook an office kept.

The file goes through the one tabular reader (``core.tabular.read_table``: formats, header row
under title rows, synonyms, every unknown column reported). Every row is then checked — date,
designated county (code or name), village (code or name within the county), type and source
(Chinese or English words), amounts — and every problem is named "row N, column X: reason".
Any error means nothing is written (``services.entries_import`` saves all rows in one
transaction).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from branchwork.assistance import rules
from branchwork.assistance.models import DesignatedCounty, LedgerEntry, VillagePairing
from branchwork.core.tabular import (
    Column,
    TableSpec,
    error_at,
    header_key,
    parse_date,
    read_table,
    text,
)
from branchwork.organizations.models import Organization

SPEC = TableSpec(
    columns=(
        Column("date", ("日期", "时间", "帮扶日期"), required=True),
        Column("donor", ("帮扶单位", "捐赠单位", "捐助单位", "donor organization"), required=True),
        Column("county", ("县", "帮扶县", "县区", "县代码"), required=True),
        Column("village", ("村", "帮扶村", "村代码")),
        Column("kind", ("类型", "帮扶类型", "type"), required=True),
        Column("quantity", ("数量",)),
        Column("unit", ("单位", "计量单位")),
        Column(
            "amount",
            ("金额", "金额(元)", "金额（元）", "折合金额(元)", "amount (yuan)"),
            required=True,
        ),
        Column("source", ("来源", "资金来源", "投入方式")),
        Column("purpose", ("用途", "帮扶内容", "项目内容"), required=True),
        Column("note", ("备注",)),
    )
)

# Words offices write for the types and sources, as data (roads.md §5 names the Chinese ones).
KIND_WORDS: dict[str, str] = {
    "资金": rules.Kind.FUNDS,
    "帮扶资金": rules.Kind.FUNDS,
    "物资": rules.Kind.MATERIALS,
    "项目": rules.Kind.PROJECT,
    "消费帮扶": rules.Kind.CONSUMER,
    "消费扶贫": rules.Kind.CONSUMER,
    "培训": rules.Kind.TRAINING,
    "人员": rules.Kind.PERSONNEL,
    "选派干部": rules.Kind.PERSONNEL,
}
SOURCE_WORDS: dict[str, str] = {
    "直接投入": rules.Source.DIRECT,
    "直接": rules.Source.DIRECT,
    "自筹": rules.Source.DIRECT,
    "引进": rules.Source.BROUGHT_IN,
    "引进资金": rules.Source.BROUGHT_IN,
    "协调": rules.Source.BROUGHT_IN,
}


@dataclass
class ImportResult:
    """The checked rows (ready for ``services.entries_import``) or every error found."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _words(choices: Any, extra: dict[str, str]) -> dict[str, str]:
    words = {header_key(v): v for v in choices.values}
    words |= {header_key(str(label)): v for v, label in choices.choices}
    words |= {header_key(w): v for w, v in extra.items()}
    return words


def _amount(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value).replace(",", "")).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def _by_prefix(found: dict[str, Any], key: str) -> Any:
    """The one entry whose name starts with ``key`` (offices write 松桃 for 松桃苗族自治县 and
    团结村 for 团结村村民委员会), or None when none or several do."""
    if not key:
        return None
    if key in found:
        return found[key]
    matches = {id(v): v for k, v in found.items() if k.startswith(key)}
    return next(iter(matches.values())) if len(matches) == 1 else None


def read_ledger(data: bytes, organization: Organization) -> ImportResult:
    """Parse and check every row of a ledger workbook for ``organization``'s designated
    counties. Writes nothing; returns the rows for ``services.entries_import`` or every
    error ("row N, column X: reason"), including the file's unknown columns."""
    result = ImportResult()
    table = read_table(data, SPEC)
    if table.errors:
        result.errors.extend(str(e) for e in table.errors)
        return result
    headers = table.headers
    counties: dict[str, DesignatedCounty] = {}
    for d in DesignatedCounty.objects.filter(organization=organization).select_related("county"):
        counties[d.county.code] = counties[header_key(d.county.name)] = d
    villages: dict[tuple[int, str], VillagePairing] = {}
    for v in VillagePairing.objects.filter(organization=organization).select_related("village"):
        for key in (v.village.code, header_key(v.village.name)):
            villages[(v.designation_id, key)] = v
    kinds = _words(rules.Kind, KIND_WORDS)
    sources = _words(rules.Source, SOURCE_WORDS)

    for row in table.rows:
        errors: list[str] = []

        def error(name: str, message: str, number: int = row.number, out: list = errors) -> None:
            out.append(error_at(number, headers.get(name, name), message))

        data_row: dict[str, Any] = {}
        try:
            day = parse_date(row.get("date"))
        except ValueError as exc:
            day = None
            error("date", str(exc))
        else:
            if day is None:
                error("date", _("required"))
        data_row["date"] = day
        data_row["donor"] = text(row.get("donor"))[:120]
        if not data_row["donor"]:
            error("donor", _("required"))
        county_text = text(row.get("county"))
        county = counties.get(county_text) or _by_prefix(counties, header_key(county_text))
        if county is None:
            error("county", _("%(value)s is not a designated county") % {"value": county_text})
        data_row["county"] = county
        village_text = text(row.get("village"))
        data_row["village"] = None
        if village_text and county is not None:
            village = villages.get((county.pk, village_text)) or _by_prefix(
                {k: v for (c, k), v in villages.items() if c == county.pk}, header_key(village_text)
            )
            if village is None:
                error(
                    "village",
                    _("%(value)s is not a paired village of the county") % {"value": village_text},
                )
            data_row["village"] = village
        kind = kinds.get(header_key(text(row.get("kind"))))
        if kind is None:
            error(
                "kind",
                _("%(value)s is not a type (%(allowed)s)")
                % {"value": text(row.get("kind")), "allowed": "、".join(KIND_WORDS)},
            )
        data_row["kind"] = kind
        source_text = text(row.get("source"))
        source = sources.get(header_key(source_text)) if source_text else rules.Source.DIRECT
        if source is None:
            error(
                "source", _("%(value)s is not a source (直接投入, 引进)") % {"value": source_text}
            )
        data_row["source"] = source
        amount = _amount(row.get("amount"))
        if amount is None or amount < 0:
            error("amount", _("not an amount in yuan (0 or more)"))
        data_row["amount"] = amount
        quantity_raw = row.get("quantity")
        quantity = _amount(quantity_raw)
        if quantity_raw not in (None, "") and quantity is None:
            error("quantity", _("not a number"))
        data_row["quantity"] = quantity
        data_row["unit"] = text(row.get("unit"))[:20]
        data_row["purpose"] = text(row.get("purpose"))[:300]
        if not data_row["purpose"]:
            error("purpose", _("required"))
        data_row["note"] = text(row.get("note"))[:300]
        if not errors:
            probe = LedgerEntry(organization=organization, **data_row)
            try:
                probe.full_clean(exclude=["organization"], validate_constraints=False)
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    for message in messages:
                        error(name, message)
        result.errors.extend(errors)
        result.rows.append(data_row)
    if not table.rows:
        result.errors.append(_("The file has no rows under its header."))
    if result.errors:
        result.rows = []
    return result
