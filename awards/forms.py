from django import forms
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search names and decisions"),
        max_length=100,
        required=False,
        help_text=_("With or without diacritics: “dong rui” finds “Đồng Rui”."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
