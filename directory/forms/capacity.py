"""The form of one capacity of a service (HSDS 3.1 service_capacity); the rules are the
service's (directory.services.capacity)."""

from __future__ import annotations

from django import forms

from casework.input import CleanForm


class CapacityForm(CleanForm):
    capacity_id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    unit = forms.CharField(
        label="What is counted", max_length=100, help_text="For example: Bed, Place, Appointment."
    )
    available = forms.DecimalField(
        label="Available now", min_value=0, max_digits=12, decimal_places=2
    )
    maximum = forms.DecimalField(
        label="Maximum", min_value=0, max_digits=12, decimal_places=2, required=False
    )
    description = forms.CharField(label="Description", max_length=300, required=False)
