from django.core.management.base import BaseCommand, CommandError

from units.places import load_places


class Command(BaseCommand):
    help = (
        "Load the real communes of a province (or of every province) from the national list "
        "(the vietnam-provinces package): those before 1 July 2025 under their districts, those "
        "after, with their official codes and what each old commune became. What the registry "
        "holds already is matched, not added again; a second run changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--province", default="", help="e.g. “Quảng Ninh” (default: all)")

    def handle(self, *args, province: str, **options) -> None:
        self.stderr.write(f"Loading the communes of {province or 'every province'}…")
        try:
            loaded = load_places(province)
        except ValueError as error:
            raise CommandError(str(error)) from error
        for note in loaded.notes:
            self.stdout.write(f"Note: {note}")
        self.stdout.write(f"{province or 'All provinces'}: {loaded}.")
