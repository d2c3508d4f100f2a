"""Forms for client documents. The size and type checks are the service's (by content); the
form runs them early so the error shows at the file field."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from casework.input import CleanForm
from clients.models import DocumentKind
from clients.services.documents import check_upload, max_bytes
from clients.services.errors import ClientRecordError


class DocumentUploadForm(CleanForm):
    kind = forms.ChoiceField(label="Type", choices=[("", "Choose…"), *DocumentKind.choices])
    title = forms.CharField(
        max_length=200, help_text="For example “State ID, front and back” or “SSI award 2026”."
    )
    file = forms.FileField(
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"PDF, PNG or JPEG, at most {filesizeformat(max_bytes())}. "
            "A phone photo of the paper is fine."
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.content_type = check_upload(upload)
        except ClientRecordError as error:
            raise ValidationError(error.message) from error
        return upload


class VoidForm(CleanForm):
    reason = forms.CharField(
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why it should no longer count, for example “wrong client” or “duplicate”.",
    )
