from django.core.management.base import BaseCommand

from reports.demo import load_demo_bodies


class Command(BaseCommand):
    help = (
        "Load the demo's emulation and commendation bodies of the province and their officers "
        "(forms 0604.N and 0605.N), after `load_demo_data`. Safe to run again."
    )

    def handle(self, *args, **options) -> None:
        created = load_demo_bodies()
        self.stdout.write(
            f"Emulation bodies and officers: {created} rows created."
            if created
            else "Emulation bodies and officers already loaded; nothing changed."
        )
