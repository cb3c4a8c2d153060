from django import forms
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from units.models import Commune, ValidityPeriod


def with_validity(record: Model) -> str:
    """ "Xã Hải Lạng (đến 30/06/2025)": a commune or unit that ended, as the admin offers it."""
    until = getattr(record, "valid_until", None)
    if until is None:
        return str(record)
    return gettext("%(name)s (until %(date)s)") % {
        "name": record,
        "date": until.strftime("%d/%m/%Y"),
    }


class AutocompleteSelect(widgets.AutocompleteSelect):
    """The admin's autocomplete widget, which shows a form posted with a malformed id again.

    Django's looks the posted value up in the database as it is, so `commune=abc` (or an id
    beyond the database's integers) in a POST ends in a 500 while the form is shown with its
    errors; here a value that is not an id is left out, and the field says "Select a valid
    choice".

    Communes and units are searched at their own admin's address, which names an ended one
    with its last day (units.admin.ValidityAutocompleteView).
    """

    def get_url(self) -> str:
        model = self.field.remote_field.model
        if issubclass(model, ValidityPeriod):
            opts = model._meta
            site = self.admin_site.name
            return reverse(f"{site}:{opts.app_label}_{opts.model_name}_autocomplete")
        return super().get_url()

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        target = remote.model._meta.get_field(remote.field_name)
        ids = []
        for candidate in value:
            try:
                target.run_validators(target.to_python(candidate))
            except ValidationError:
                continue
            ids.append(candidate)
        return super().optgroups(name, ids, attr)


class MergeForm(forms.Form):
    """Where the chosen units or communes go, and the last day they existed."""

    on = forms.DateField(
        label=_("Last day under the old name"),
        help_text=_("E.g. 30/06/2025 for the reorganisation of 1 July 2025."),
    )

    field_order = ["into", "on"]

    def __init__(self, *args, model, admin_site, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"] = forms.ModelChoiceField(
            label=_("Merged into"),
            queryset=model.objects.filter(valid_until__isnull=True),
            widget=AutocompleteSelect(model._meta.get_field("successor"), admin_site),
        )
        self.order_fields(self.field_order)


class RenameForm(forms.Form):
    name = forms.CharField(label=_("New name"), max_length=300)
    on = forms.DateField(label=_("Last day under the old name"))


class RenameCommuneForm(RenameForm):
    name = forms.CharField(label=_("New name"), max_length=200, help_text=_("Without the kind."))
    kind = forms.ChoiceField(label=_("Kind"), choices=Commune.Kind.choices)
