"""The dues ledger. Money is Decimal in yuan with two places. Entries are appended, never
edited or deleted: a correction is a Reversal of a Payment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from branchwork.core.models import Versioned
from branchwork.core.scoping import ScopedManager
from branchwork.dues import rules
from branchwork.dues.rules import FeeCategory

MONEY = {"max_digits": 12, "decimal_places": 2}


class FeeBasis(Versioned):
    """A member's dues basis from a month on: category, base and the resulting monthly fee."""

    scope_path_field = "member__organization__path"

    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="fee_bases",
    )
    effective_from = models.DateField(_("from month"))
    category = models.CharField(_("category"), max_length=20, choices=FeeCategory.choices)
    base = models.DecimalField(_("monthly base (yuan)"), null=True, blank=True, **MONEY)
    monthly_fee = models.DecimalField(_("monthly fee (yuan)"), **MONEY)
    rule = models.CharField(_("rule applied"), max_length=400)
    payslip_items = models.CharField(_("payslip items used"), max_length=300, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("fee basis")
        verbose_name_plural = _("fee bases")
        ordering = ["member", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["member", "effective_from"], name="one_basis_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.effective_from:%Y-%m}: {self.monthly_fee}"

    @property
    def audit_org_path(self) -> str:
        return self.member.organization.path

    @property
    def rule_text(self) -> str:
        """The sentence explaining the fee, in the active language: recomputed from the
        category and base (``rules.quote``) when that gives the stored fee, otherwise the
        sentence stored when the basis was set (in the language of that request)."""
        try:
            result = rules.quote(self.category, self.base, self.monthly_fee)
        except rules.DuesError:
            return self.rule
        return result.rule if result.monthly_fee == self.monthly_fee else self.rule


class MonthlyDue(models.Model):
    """What a member owes for one month (generated from the basis in force that month)."""

    # Ledger rows belong to the books of the organization that kept them, even after the
    # member moves to another branch.
    scope_path_field = "organization__path"

    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="dues"
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"))
    amount = models.DecimalField(_("due (yuan)"), **MONEY)
    basis = models.ForeignKey(FeeBasis, on_delete=models.PROTECT, related_name="dues")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("monthly due")
        verbose_name_plural = _("monthly dues")
        ordering = ["member", "month"]
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="one_due_per_member_month")
        ]
        indexes = [models.Index(fields=["organization", "month"], name="due_org_month_idx")]

    def __str__(self) -> str:
        return f"{self.member} {self.month:%Y-%m}: {self.amount}"


class Payment(models.Model):
    """One payment of dues for one or more months, with its receipt."""

    scope_path_field = "organization__path"

    class Method(models.TextChoices):
        CASH = "cash", _("Cash")
        TRANSFER = "transfer", _("Bank transfer")
        WECHAT = "wechat", _("WeChat Pay")
        ALIPAY = "alipay", _("Alipay")

    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="payments",
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    paid_on = models.DateField(_("paid on"))
    first_month = models.DateField(_("first month"))
    last_month = models.DateField(_("last month"))
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    receipt_number = models.CharField(_("receipt number"), max_length=40)
    collector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("collected by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "receipt_number"], name="receipt_unique_per_organization"
            )
        ]

    def __str__(self) -> str:
        return f"{self.receipt_number} {self.member} {self.amount}"

    @property
    def audit_org_path(self) -> str:
        return self.organization.path

    @property
    def is_reversed(self) -> bool:
        return hasattr(self, "reversal")


class PaidMonth(models.Model):
    """Which months a payment covers. A month is paid by at most one payment that is not
    reversed: a database constraint, so two people recording the same payment at the same
    moment cannot both succeed."""

    scope_path_field = "payment__organization__path"

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="months")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    month = models.DateField()
    amount = models.DecimalField(**MONEY)
    # Set once, when the payment is reversed; the row itself is never deleted.
    reversed_by = models.ForeignKey(
        "Reversal", null=True, blank=True, on_delete=models.PROTECT, related_name="months"
    )

    objects = ScopedManager()

    class Meta:
        ordering = ["month"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "month"],
                condition=Q(reversed_by__isnull=True),
                name="month_paid_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.month:%Y-%m}"


class Reversal(models.Model):
    """Cancels a payment (a correction): the months become unpaid again."""

    scope_path_field = "payment__organization__path"

    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="reversal")
    reason = models.CharField(_("reason"), max_length=300)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reversed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("reversal")
        verbose_name_plural = _("reversals")

    def __str__(self) -> str:
        return f"reversal of {self.payment}"

    @property
    def audit_org_path(self) -> str:
        return self.payment.organization.path


class VoluntaryPayment(models.Model):
    """A voluntary extra payment; 1,000 yuan or more at once is remitted in full to the Centre."""

    scope_path_field = "organization__path"

    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    receipt_number = models.CharField(_("receipt number"), max_length=40)
    remit_to_centre = models.BooleanField(_("to be remitted to the Centre"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("voluntary payment")
        verbose_name_plural = _("voluntary payments")
        ordering = ["-paid_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "receipt_number"], name="voluntary_receipt_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.amount}"

    @property
    def audit_org_path(self) -> str:
        return self.organization.path


class Remittance(models.Model):
    """Dues handed over to the higher committee."""

    scope_path_field = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    paid_on = models.DateField(_("remitted on"))
    amount = models.DecimalField(_("amount (yuan)"), **MONEY)
    to_name = models.CharField(_("to"), max_length=200)
    reference = models.CharField(_("reference"), max_length=60)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("remittance")
        verbose_name_plural = _("remittances")
        ordering = ["-paid_on", "-id"]

    def __str__(self) -> str:
        return f"{self.organization} {self.paid_on} {self.amount}"

    @property
    def audit_org_path(self) -> str:
        return self.organization.path


class Reduction(models.Model):
    """A request to pay less or nothing (少交/免交): branch review, then the higher committee."""

    scope_path_field = "member__organization__path"

    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        BRANCH_APPROVED = "branch_approved", _("Approved by the branch")
        APPROVED = "approved", _("Approved by the higher committee")
        REJECTED = "rejected", _("Rejected")

    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    first_month = models.DateField(_("from month"))
    last_month = models.DateField(_("to month"))
    monthly_fee = models.DecimalField(_("reduced monthly fee (0 = exempt)"), **MONEY)
    reason = models.TextField(_("reason"))
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.REQUESTED
    )
    branch_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    higher_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.CharField(_("decision note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ScopedManager()

    class Meta:
        verbose_name = _("reduction or exemption")
        verbose_name_plural = _("reductions and exemptions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.member} {self.first_month:%Y-%m}–{self.last_month:%Y-%m}"

    @property
    def audit_org_path(self) -> str:
        return self.member.organization.path


class Adjustment(models.Model):
    """A difference owed (or, negative, overpaid) on a month already paid, after its basis
    changed or a reduction was approved once it was paid: the paid month keeps its amount
    (the ledger is append-only) and the difference is settled by the member's next payment,
    which records itself here (``settled_by``)."""

    scope_path_field = "organization__path"

    member = models.ForeignKey(
        "members.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"))
    amount = models.DecimalField(_("difference (yuan)"), **MONEY)
    reason = models.CharField(_("reason"), max_length=300)
    settled_by = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="adjustments"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("dues difference")
        verbose_name_plural = _("dues differences")
        ordering = ["member", "month", "id"]

    def __str__(self) -> str:
        return f"{self.member} {self.month:%Y-%m}: {self.amount:+}"

    @property
    def audit_org_path(self) -> str:
        return self.organization.path
