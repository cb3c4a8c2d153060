from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "demo"
# Published in the README and printed on screen: only ever valid on a developer's machine.
PASSWORD = "demo-thi-dua-2024"
ADMIN_URL = "http://127.0.0.1:8000/admin/"


class Command(BaseCommand):
    help = (
        f"Create the local superuser “{USERNAME}” with a published password, for trying the "
        "admin. Refuses unless DEBUG is on."
    )

    def handle(self, *args, **options) -> None:
        # The password is public, so a server with this account is open to anyone.
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to create a superuser with a published password while DEBUG is off. "
                "Run it on a development machine with DEBUG=true."
            )
        User = get_user_model()
        if User.objects.filter(username=USERNAME).exists():
            self.stdout.write("The demo user already exists; nothing changed.")
        else:
            User.objects.create_superuser(USERNAME, email="", password=PASSWORD)
            self.stdout.write("Created the demo superuser.")
        self.stdout.write(f"Admin: {ADMIN_URL}\nUsername: {USERNAME}\nPassword: {PASSWORD}")
