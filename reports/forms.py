from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import FIRST_YEAR, LAST_YEAR, EmulationCluster
from units.models import Commune


class SummaryForm(forms.Form):
    """Which year, and optionally which commune or cluster, a summary covers."""

    year = forms.IntegerField(label=_("Emulation year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    commune = forms.ModelChoiceField(
        label=_("Commune"), queryset=Commune.objects.all(), required=False
    )
    cluster = forms.ModelChoiceField(
        label=_("Cluster"), queryset=EmulationCluster.objects.all(), required=False
    )

    def __init__(self, *args, commune: Commune | None = None, **kwargs) -> None:
        """`commune`: the one commune the user may summarise (staff limited to it)."""
        super().__init__(*args, **kwargs)
        if commune is not None:
            self.fields["commune"].queryset = Commune.objects.filter(pk=commune.pk)
            self.fields["commune"].required = True
            self.fields["commune"].empty_label = None
            del self.fields["cluster"]  # a cluster spans other communes

    def clean(self) -> dict:
        data = super().clean()
        if data.get("commune") and data.get("cluster"):
            raise forms.ValidationError(
                _("Choose a commune or a cluster, not both."), code="two_scopes"
            )
        return data

    def parameters(self) -> dict:
        """The summary's year and scope by id, for a background export."""
        data = self.cleaned_data
        return {
            "year": data["year"],
            "commune": data["commune"].pk if data.get("commune") else None,
            "cluster": data["cluster"].pk if data.get("cluster") else None,
        }
