from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeneratorConfig(AppConfig):
    """A national-size registry invented for benchmarks (`manage.py generate_data`), and the
    note of what it made, so that it never empties a registry it did not make."""

    name = "generator"
    verbose_name = _("Generated data")
