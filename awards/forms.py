from django import forms
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from awards.imports import FIELDS
from awards.imports.template import KIND_WORDS
from awards.models import (
    FIRST_YEAR,
    LAST_YEAR,
    Commendation,
    Decision,
    EmulationTitle,
)
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


class AnnexUploadForm(forms.Form):
    """A decision's annex as a spreadsheet, read into a preview."""

    file = forms.FileField(
        label=_("Annex file"),
        help_text=_(
            "Excel (.xlsx, .xlsm, .xls), LibreOffice (.ods), CSV, or the decision's Word file "
            "(.docx) with the annex as a table or a numbered list. Column names such as “Họ và "
            "tên”, “Danh hiệu”, “Đơn vị”, “Xã/Phường”, “Năm” are recognised; others are kept "
            "aside, and the columns can be chosen by hand in the preview."
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


class SetForRowsForm(forms.Form):
    """The same title, kind, commune or year for many rows of a preview at once."""

    class Rows(models.TextChoices):
        CHOSEN = "chosen", _("the rows ticked below")
        SHOWN = "shown", _("every row of this list (all pages)")
        ALL = "all", _("every row of the file")

    rows = forms.ChoiceField(label=_("For"), choices=Rows, initial=Rows.CHOSEN)
    title = forms.ModelChoiceField(
        label=_("Title or form"),
        queryset=EmulationTitle.objects.filter(is_active=True).order_by("rank", "name"),
        required=False,
    )
    kind = forms.TypedChoiceField(
        label=_("Kind of recipient"),
        choices=[("", "—"), *Commendation.RecipientKind.choices],
        required=False,
    )
    year = forms.IntegerField(
        label=_("Emulation year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False
    )

    def __init__(self, *args, admin_site, scope=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        communes = Commune.objects.all()
        if scope is not None:  # an editor limited to a commune sets theirs, no other
            communes = communes.filter(scope.condition("places"))
        self.fields["commune"] = forms.ModelChoiceField(
            label=_("Commune"),
            queryset=communes,
            required=False,
            widget=AutocompleteSelect(Commendation._meta.get_field("locality"), admin_site),
        )
        self.order_fields(["rows", "title", "kind", "commune", "year"])

    def clean(self) -> dict:
        data = super().clean()
        if not self.values():
            raise forms.ValidationError(
                _("Choose a title, a kind, a commune or a year to set."), code="nothing_to_set"
            )
        return data

    def values(self) -> dict[str, str]:
        """The corrections to make, as the rows' cells would have said them."""
        data, values = self.cleaned_data, {}
        if data.get("title"):
            values["title"] = data["title"].slug  # the catalogue's own key: never ambiguous
        if data.get("kind"):
            values["kind"] = KIND_WORDS[data["kind"]]
        if data.get("commune"):
            values["commune"] = data["commune"].name
            values["commune_id"] = str(data["commune"].pk)  # namesakes in other provinces
        if data.get("year"):
            values["year"] = str(data["year"])
        return values


class SheetForm(forms.Form):
    """Which sheet of the file (or table of the Word document) holds the annex."""

    def __init__(self, *args, sheets: list[dict], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sheet"] = forms.ChoiceField(
            label=_("Sheet"),
            choices=[
                (
                    sheet["name"],
                    gettext("%(name)s (hidden)") % {"name": sheet["name"]}
                    if sheet.get("hidden")
                    else sheet["name"],
                )
                for sheet in sheets
            ],
        )


class RowCorrectionForm(forms.Form):
    """One row of the annex, corrected in the preview; the file itself is left as it was."""

    name = forms.CharField(label=_("Recipient name"), max_length=300, required=False)
    address = forms.CharField(
        label=_("Form of address or rank"),
        max_length=100,
        required=False,
        help_text=_("Ông, Bà, Đại tá…: not part of the name."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of recipient"),
        required=False,
        choices=[
            ("", _("— from the title or section —")),
            (KIND_WORDS["collectives"], _("collective")),
            (KIND_WORDS["individuals"], _("individual")),
            (KIND_WORDS["households"], _("household")),
        ],
    )
    position = forms.CharField(label=_("Position"), max_length=300, required=False)
    unit = forms.CharField(label=_("Unit"), max_length=300, required=False)
    commune = forms.CharField(label=_("Commune"), max_length=200, required=False)
    title = forms.ChoiceField(label=_("Title or form"), required=False)
    year = forms.CharField(label=_("Year"), max_length=10, required=False)
    citation = forms.CharField(label=_("Citation"), required=False, widget=forms.Textarea)
    amount = forms.CharField(label=_("Amount (VND)"), max_length=30, required=False)
    match = forms.ChoiceField(
        label=_("The registry's record"),
        required=False,
        help_text=_(
            "A record the registry already has, close to this row's name: the award goes to it "
            "instead of a new one."
        ),
    )
    skip = forms.BooleanField(label=_("Leave this row out of the import"), required=False)

    def __init__(self, *args, suggestions: list[dict] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["match"].choices = [
            ("", _("— as the row says: matched by its name, or new —")),
            *((f"{s['field']}:{s['pk']}", f"{s['label']} ({s['score']}%)") for s in suggestions),
        ]
        written = self.initial.get("match")
        if written and written not in dict(self.fields["match"].choices):
            self.fields["match"].choices.append((written, written))
        # The title is chosen from the catalogue, by its key; what the file says ("CN", "tập
        # thể", "Bằng khen") stays selectable as it was written.
        self.fields["title"].choices = [
            ("", _("— from the section or the title block —")),
            *EmulationTitle.objects.filter(is_active=True)
            .order_by("rank", "name")
            .values_list("slug", "name"),
        ]
        for name in ("kind", "title"):
            written = self.initial.get(name)
            choices = self.fields[name].choices
            if written and written not in dict(choices):
                self.fields[name].choices = [*choices, (written, written)]


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
