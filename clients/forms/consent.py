"""Forms for releases of information and disclosures. Explicit fields only (ASVS 15.3.3); the
rules are the service's, the file checks run early so the error shows at the file field."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from casework.input import CleanForm, CleanModelForm
from clients.models import (
    Client,
    ConsentCategory,
    ConsentRelease,
    DisclosureMethod,
    LegalBasis,
    RecipientKind,
    RelatedPerson,
    RevocationMethod,
    SignatureMethod,
)
from clients.selectors.consent_gate import Recipient
from clients.services.documents import check_upload, max_bytes
from clients.services.errors import ClientRecordError
from clients.services.releases import CONSENT_FIELDS, SIGNATURE_FIELDS

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _file_field() -> forms.FileField:
    return forms.FileField(
        label="Signed form (scan or photo)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
        help_text=f"PDF, PNG or JPEG, at most {filesizeformat(max_bytes())}. "
        "A phone photo of the signed paper is fine.",
    )


def _clean_upload(upload):
    if upload:
        try:
            check_upload(upload)
        except ClientRecordError as error:
            raise ValidationError(error.message) from error
    return upload


def _people(client: Client):
    return RelatedPerson.objects.filter(client=client, is_active=True).order_by("full_name")


class ConsentForm(CleanModelForm):
    categories = forms.MultipleChoiceField(
        label="Categories of information",
        choices=ConsentCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only what is ticked may be shared. A general release never covers "
        "substance-use records; psychotherapy notes need a release of their own.",
    )
    file = _file_field()

    class Meta:
        model = ConsentRelease
        fields = CONSENT_FIELDS
        widgets = {
            "recipient_kind": forms.RadioSelect,
            "information_detail": forms.Textarea(attrs={"rows": 2}),
            "effective_on": _DATE,
            "expires_on": _DATE,
            "signed_on": _DATE,
            "copy_given_on": _DATE,
        }
        help_texts = {
            "signed_on": "Leave empty while the release waits for the signature.",
        }

    def __init__(self, *args, client: Client, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["related_person"].queryset = _people(client)
        self.fields["related_person"].required = False
        self.fields["related_person"].empty_label = "Choose…"
        self.fields["recipient_kind"].choices = RecipientKind.choices
        self.fields["signature_method"].choices = [("", "Not signed yet"), *SignatureMethod.choices]
        self.fields["effective_on"].initial = timezone.localdate()

    def clean_file(self):
        return _clean_upload(self.cleaned_data.get("file"))

    def _get_validation_exclusions(self) -> set[str]:
        """Leave the model's constraints to the service, which checks the same rules with
        messages at the right fields (Django's own check says only "constraint violated");
        the database constraints stay the backstop."""
        return {f.name for f in ConsentRelease._meta.get_fields()}

    def details(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in CONSENT_FIELDS}


class SignForm(CleanModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    file = _file_field()

    class Meta:
        model = ConsentRelease
        fields = SIGNATURE_FIELDS
        widgets = {"signed_on": _DATE, "copy_given_on": _DATE}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].required = True
        self.fields["signed_on"].initial = timezone.localdate()
        self.fields["signature_method"].required = True
        self.fields["signature_method"].choices = [("", "Choose…"), *SignatureMethod.choices]

    def clean_file(self):
        return _clean_upload(self.cleaned_data.get("file"))

    def _get_validation_exclusions(self) -> set[str]:
        """As ConsentForm: the service's rules, then the database constraints."""
        return {f.name for f in ConsentRelease._meta.get_fields()}

    def signature(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in SIGNATURE_FIELDS}


class AttachFormForm(CleanForm):
    file = _file_field()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].required = True

    def clean_file(self):
        return _clean_upload(self.cleaned_data.get("file"))


class RevokeForm(CleanForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    revoked_on = forms.DateField(
        label="Revocation received on",
        widget=_DATE,
        help_text="Nothing more may be shared from this day on; what was shared before stays "
        "in the accounting of disclosures.",
    )
    method = forms.ChoiceField(
        label="How the client revoked it",
        choices=[("", "Choose…"), *RevocationMethod.choices],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["revoked_on"].initial = timezone.localdate()


class EventForm(CleanForm):
    happened_on = forms.DateField(label="The event happened on", widget=_DATE)


class DisclosureForm(CleanForm):
    """A disclosure under a release: the gate must find one that covers it."""

    recipient_kind = forms.ChoiceField(
        label="To whom", choices=RecipientKind.choices, widget=forms.RadioSelect
    )
    related_person = forms.ModelChoiceField(
        label="Person on the record",
        queryset=RelatedPerson.objects.none(),
        required=False,
        empty_label="Choose…",
    )
    recipient_name = forms.CharField(
        label="Name of the person or organisation", max_length=200, required=False
    )
    recipient_address = forms.CharField(
        label="Recipient's address",
        max_length=300,
        required=False,
        help_text="If known. The client's accounting of disclosures shows it.",
    )
    categories = forms.MultipleChoiceField(
        label="Categories of information",
        choices=ConsentCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label="What was disclosed",
        max_length=300,
        help_text="For example “care plan summary” or “dates of visits in May”.",
    )
    purpose = forms.CharField(
        max_length=300, required=False, help_text="Leave empty to use the release's purpose."
    )
    method = forms.ChoiceField(label="How", choices=[("", "Choose…"), *DisclosureMethod.choices])
    disclosed_on = forms.DateField(label="Date of the disclosure", widget=_DATE)

    def __init__(self, *args, client: Client, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["related_person"].queryset = _people(client)
        self.fields["disclosed_on"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        kind = data.get("recipient_kind")
        if kind == RecipientKind.RELATED_PERSON and not data.get("related_person"):
            self.add_error("related_person", "Choose the person.")
        elif (
            kind in (RecipientKind.PERSON, RecipientKind.ORGANIZATION)
            and not (data.get("recipient_name") or "").strip()
        ):
            self.add_error("recipient_name", "Enter the recipient's name.")
        return data

    def recipient(self) -> Recipient:
        kind = self.cleaned_data["recipient_kind"]
        if kind == RecipientKind.RELATED_PERSON:
            return Recipient.person_on_record(self.cleaned_data["related_person"])
        if kind == RecipientKind.ORGANIZATION:
            return Recipient.organization(self.cleaned_data["recipient_name"])
        return Recipient.named_person(self.cleaned_data["recipient_name"])


class DisclosureOnBasisForm(DisclosureForm):
    """A disclosure made without a release (a court order, public health, a duty to warn):
    the legal basis replaces the release; the purpose is required."""

    legal_basis = forms.ChoiceField(
        label="Legal basis", choices=[("", "Choose…"), *LegalBasis.choices], required=False
    )
    basis_reference = forms.CharField(
        label="Order, subpoena or request reference",
        max_length=200,
        required=False,
        help_text="Required for a court order or subpoena: the case number, court and date.",
    )
    part2_court_order = forms.BooleanField(
        label="The court order was issued under 42 CFR 2.64 or 2.65",
        required=False,
        help_text="Only such an order reaches substance-use records; a subpoena never does.",
    )
    purpose = forms.CharField(
        max_length=300,
        required=False,
        help_text="Why it was disclosed, in words the client will understand.",
    )

    field_order = [
        "legal_basis",
        "basis_reference",
        "part2_court_order",
        "recipient_kind",
        "related_person",
        "recipient_name",
        "recipient_address",
        "categories",
        "description",
        "purpose",
        "method",
        "disclosed_on",
    ]
