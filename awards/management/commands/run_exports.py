from django.core.management.base import BaseCommand

from awards.exports import run_export
from awards.models import ExportJob


class Command(BaseCommand):
    help = (
        "Run the background exports still waiting (after a restart of the app servers, or from "
        "cron where the app servers should not run them in threads)."
    )

    def handle(self, *args, **options) -> None:
        waiting = ExportJob.objects.filter(status=ExportJob.Status.PENDING).order_by("created_at")
        for job in waiting:
            self.stderr.write(f"Exporting {job}…")
            try:
                run_export(job.pk)
            except Exception as error:  # recorded on the job; go on with the others
                self.stderr.write(f"  failed: {error}")
        self.stdout.write(f"{len(waiting)} export(s) run.")
