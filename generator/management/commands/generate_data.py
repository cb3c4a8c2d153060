import sys
import time
from typing import TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from generator.fill import DEFAULT_SEED, FIRST_YEAR, LAST_YEAR, GenerationError, Size, generate


class ProgressBar:
    """One line a step on stderr, redrawn in place on a terminal; only each step's last state
    elsewhere (a CI log gets no thousand redrawn lines)."""

    WIDTH = 30
    EVERY_SECONDS = 0.2

    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream, self.enabled = stream, enabled
        self.redraw = enabled and stream.isatty()
        self.label, self.shown, self.started = None, 0.0, time.monotonic()
        self.done: tuple[str, int] | None = None

    def __call__(self, label: str, done: int, total: int | None) -> None:
        if not self.enabled:
            return
        if label != self.label:
            self.label, self.started = label, time.monotonic()
        if total is None:
            self.stream.write(f"{label}…\n")
            return
        finished = done >= total
        now = time.monotonic()
        if finished and self.done == (label, done):
            return  # its last line is drawn
        if not finished and (not self.redraw or now - self.shown < self.EVERY_SECONDS):
            return
        self.done = (label, done)
        self.shown = now
        filled = self.WIDTH * done // max(total, 1)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        line = (
            f"{label:<16} [{bar}] {done:>9,}/{total:,} {100 * done // max(total, 1):3d}% "
            f"{now - self.started:6.1f} s"
        )
        self.stream.write(("\r" if self.redraw else "") + line + ("\n" if finished else ""))
        self.stream.flush()


class Command(BaseCommand):
    help = (
        f"Fill the database with an invented national registry for benchmarks: N awards over "
        f"{FIRST_YEAR}–{LAST_YEAR} under every title of the catalogue in force each year, some "
        "revoked, with the communes and people in proportion and the 1 July 2025 merger of "
        "communes and their authorities. Empties the registry's tables first, and refuses a "
        "database holding records it did not make unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--awards",
            type=int,
            required=True,
            metavar="N",
            help="Awards to make; a million has 3,000 communes, 30,000 units, 200,000 people, "
            "30,000 households and 40,000 decisions, and smaller registries in proportion.",
        )
        parser.add_argument(
            "--decisions",
            type=int,
            metavar="N",
            help="Decisions conferring them (default: one for 25 awards), shared among the years.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help=f"The same seed makes the same registry (default {DEFAULT_SEED}).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Delete the records it did not make too (a registry's!) and fill anyway.",
        )

    def handle(self, *args, **options) -> None:
        awards, decisions = options["awards"], options["decisions"]
        if decisions is not None and decisions < 1:
            raise CommandError("--decisions needs at least 1.")
        size = Size.for_awards(awards, decisions)
        verbose = options["verbosity"] > 0
        stream = self.stderr._out if hasattr(self.stderr, "_out") else sys.stderr
        progress = ProgressBar(stream, verbose)
        started = time.monotonic()
        try:
            with translation.override("en"):  # the tables' names in its progress and errors
                made = generate(size, options["seed"], options["force"], progress)
        except GenerationError as error:
            raise CommandError(str(error)) from None
        if verbose:
            rows = ", ".join(f"{count:,} {label.split('.')[1]}" for label, count in made.items())
            self.stdout.write(f"Generated in {time.monotonic() - started:.1f} s: {rows}")
