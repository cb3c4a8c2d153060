from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from awards.imports import FIELDS
from awards.models import FIRST_YEAR, LAST_YEAR, Commendation, Decision, EmulationCluster
from units.forms import AutocompleteSelect
from units.models import Commune
from units.names import SEARCH_MAX_LENGTH, SEARCH_MAX_WORDS, shorten_search


class SearchField(forms.CharField):
    """Free text searched word by word: a pasted page is searched by its first words, not refused.

    The box shows what was searched, and its help text says it was shortened.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(max_length=SEARCH_MAX_LENGTH, **kwargs)

    def to_python(self, value: object) -> str:
        return shorten_search(super().to_python(value))

    def bound_data(self, data: object, initial: object) -> object:
        return shorten_search(data) if isinstance(data, str) else data

    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> forms.BoundField:
        bound = super().get_bound_field(form, field_name)
        text = bound.data if form.is_bound else None
        if isinstance(text, str) and shorten_search(text) != " ".join(text.split()):
            # Never the visitor's text: crispy renders help text unescaped.
            bound.help_text = gettext(
                "Only the first %(words)d words, at most %(length)d characters, were searched."
            ) % {"words": SEARCH_MAX_WORDS, "length": SEARCH_MAX_LENGTH}
        return bound


class SearchForm(forms.Form):
    q = SearchField(
        label=_("Search names and decisions"),
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


class AnnexUploadForm(forms.Form):
    """A decision's annex as a spreadsheet, read into a preview."""

    file = forms.FileField(
        label=_("Annex file"),
        help_text=_(
            "Excel (.xlsx) or CSV, with a line of column names such as “Họ và tên”, "
            "“Danh hiệu”, “Đơn vị”, “Xã/Phường”, “Năm”, “Số tiền”."
        ),
    )
    default_year = forms.IntegerField(
        label=_("Emulation year for rows without one"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
    )


class ColumnMappingForm(forms.Form):
    """Which column of the file holds each field; built from the file's own column names."""

    def __init__(self, *args, headers: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in the file —"))] + [
            (str(column), f"{column_letter(column)}: {text}" if text else column_letter(column))
            for column, text in enumerate(headers)
        ]
        for name, label in FIELDS.items():
            self.fields[name] = forms.TypedChoiceField(
                label=capfirst(label), choices=choices, required=False, coerce=int, empty_value=None
            )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("name") is None:
            raise forms.ValidationError(
                _("Choose the column that holds the recipients' names."), code="no_name"
            )
        used = [column for column in data.values() if column is not None]
        if len(used) != len(set(used)):
            raise forms.ValidationError(
                _("A column can hold only one field."), code="column_used_twice"
            )
        return data

    def mapping(self) -> dict[str, int]:
        return {name: column for name, column in self.cleaned_data.items() if column is not None}


def column_letter(column: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how spreadsheets name their columns."""
    letters = ""
    column += 1
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


class RowCorrectionForm(forms.Form):
    """One row of the annex, corrected in the preview; the file itself is left as it was."""

    name = forms.CharField(label=_("Recipient name"), max_length=300, required=False)
    kind = forms.ChoiceField(
        label=_("Kind of recipient"),
        required=False,
        choices=[
            ("", _("— from the title or section —")),
            ("Tập thể", _("collective")),
            ("Cá nhân", _("individual")),
            ("Hộ gia đình", _("household")),
        ],
    )
    position = forms.CharField(label=_("Position"), max_length=300, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=300, required=False)
    commune = forms.CharField(label=_("Commune"), max_length=200, required=False)
    title = forms.CharField(label=_("Title or form"), max_length=200, required=False)
    year = forms.CharField(label=_("Year"), max_length=10, required=False)
    citation = forms.CharField(label=_("Citation"), required=False, widget=forms.Textarea)
    amount = forms.CharField(label=_("Amount (VND)"), max_length=30, required=False)
    skip = forms.BooleanField(label=_("Leave this row out of the import"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Keep what the file says ("CN", "tập thể") selectable as it was written.
        written = self.initial.get("kind")
        choices = self.fields["kind"].choices
        if written and written not in dict(choices):
            self.fields["kind"].choices = [*choices, (written, written)]


class RevocationForm(forms.Form):
    revoked_on = forms.DateField(label=_("Revoked on"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, admin_site, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["revoking_decision"] = forms.ModelChoiceField(
            label=_("Revoking decision"),
            queryset=Decision.objects.published(),
            required=False,
            help_text=_("The published decision that revokes the award."),
            widget=AutocompleteSelect(
                Commendation._meta.get_field("revoking_decision"), admin_site
            ),
        )
