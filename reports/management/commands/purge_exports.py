from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reports.models import ExportJob


class Command(BaseCommand):
    help = (
        "Delete the finished exports older than EXPORT_FILE_DAYS with their files, and the "
        "task queue's finished tasks as old. Run it daily, e.g. from cron."
    )

    def handle(self, *args, **options) -> None:
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
        tasks, _by_model = DBTaskResult.objects.filter(
            status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
            finished_at__lt=cutoff,
        ).delete()
        self.stdout.write(f"{exports} export(s) and {tasks} finished task(s) deleted.")
