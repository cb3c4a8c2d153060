from django.core.management.base import BaseCommand

from awards.demo import describe, load_demo_data


class Command(BaseCommand):
    help = (
        "Load the demonstration data: Tiên Yên district's communes, units, people, decisions, "
        "awards and pacts for 2022–2025. Safe to run again: nothing is duplicated."
    )

    def handle(self, *args, **options) -> None:
        self.stdout.write(describe(load_demo_data()))
