from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from awards import changes
from awards.models import AnnexImport, ExportJob


class Command(BaseCommand):
    help = (
        "Delete the annex previews never confirmed within IMPORT_PREVIEW_DAYS, the finished "
        "exports older than EXPORT_FILE_DAYS with their files, and the change journal's rows "
        "older than any preview. Run it daily, e.g. from cron."
    )

    def handle(self, *args, **options) -> None:
        self.stderr.write("Deleting the abandoned previews…")
        previews, _by_model = AnnexImport.objects.abandoned().delete()
        cutoff = timezone.now() - timedelta(days=settings.EXPORT_FILE_DAYS)
        finished = ExportJob.objects.filter(
            status__in=[ExportJob.Status.DONE, ExportJob.Status.FAILED], finished_at__lt=cutoff
        )
        exports = 0
        for job in list(finished):  # few; and SQLite cannot delete under an open cursor
            self.stderr.write(f"Deleting {job} and its file {job.file.name or '(none)'}…")
            if job.file:
                job.file.delete(save=False)  # through the storage: the disk or a bucket alike
            job.delete()
            exports += 1
        journal = changes.prune()
        self.stdout.write(
            f"{previews} preview(s), {exports} export(s) and {journal} journal row(s) deleted."
        )
