from django.apps import apps
from django.core.management.base import BaseCommand

from awards.demo import describe, load_demo_data


class Command(BaseCommand):
    help = (
        "Load the demonstration data: Tiên Yên district's communes, units, people, decisions, "
        "awards and pacts for 2022–2025, and the province's emulation bodies with their "
        "officers. Safe to run again: nothing is duplicated."
    )

    def handle(self, *args, **options) -> None:
        self.stdout.write(describe(load_demo_data()))
        if apps.is_installed("reports"):  # a reader of the awards, loaded after them
            from reports.demo import load_demo_bodies

            if created := load_demo_bodies():
                self.stdout.write(f"Emulation bodies and officers: {created} rows created.")
