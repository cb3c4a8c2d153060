from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import FIRST_YEAR, LAST_YEAR, EmulationCluster
from units.models import Commune


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search names and decisions"),
        max_length=100,
        required=False,
        help_text=_("With or without diacritics: “dong rui” finds “Đồng Rui”."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class SummaryForm(forms.Form):
    """Which year, and optionally which commune or cluster, a summary covers."""

    year = forms.IntegerField(label=_("Emulation year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    commune = forms.ModelChoiceField(
        label=_("Commune"), queryset=Commune.objects.all(), required=False
    )
    cluster = forms.ModelChoiceField(
        label=_("Cluster"), queryset=EmulationCluster.objects.all(), required=False
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("commune") and data.get("cluster"):
            raise forms.ValidationError(
                _("Choose a commune or a cluster, not both."), code="two_scopes"
            )
        return data
