from django.db import models
from django.utils.translation import gettext_lazy as _


class GeneratedRegistry(models.Model):
    """What `generate_data` made: one row, of the last fill, saying what the tables then held.

    Its records carry no mark of their own (the `is_demo` flag means the demonstration's
    records, not a benchmark's), so the generator knows its own data by this note: each
    table's count and largest id right after the fill. A table that holds more, or other ids,
    has records someone else made since, and the generator refuses to empty it.
    """

    seed = models.BigIntegerField(_("seed"))
    awards = models.PositiveIntegerField(_("awards"))
    made_at = models.DateTimeField(_("made at"), auto_now_add=True)
    # {"units.person": [count, largest id], …} for each table the fill wrote.
    rows = models.JSONField(_("rows by table"))

    class Meta:
        verbose_name = _("generated registry")
        verbose_name_plural = _("generated registries")
        ordering = ["-made_at", "-id"]

    def __str__(self) -> str:
        return f"{self.awards:,} awards, seed {self.seed} ({self.made_at:%Y-%m-%d %H:%M})"
