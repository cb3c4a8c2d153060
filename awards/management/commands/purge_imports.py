from django.core.management.base import BaseCommand

from awards import changes
from awards.models import AnnexImport


class Command(BaseCommand):
    help = (
        "Delete the annex previews never confirmed within IMPORT_PREVIEW_DAYS and the change "
        "journal's rows older than any preview. Run it daily, e.g. from cron."
    )

    def handle(self, *args, **options) -> None:
        self.stderr.write("Deleting the abandoned previews…")
        previews, _by_model = AnnexImport.objects.abandoned().delete()
        journal = changes.prune()
        self.stdout.write(f"{previews} preview(s) and {journal} journal row(s) deleted.")
