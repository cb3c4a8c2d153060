from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from units.models import Commune, StaffScope

USERNAME = "demo"
# Published in the README and printed on screen: only ever valid on a developer's machine.
PASSWORD = "demo-thi-dua-2024"
ADMIN_URL = "http://127.0.0.1:8000/admin/"
# One member of each group, to try what each role may do; the editor is limited to Đồng Rui.
MEMBERS = [
    ("xem", "viewer", None),
    ("bien-tap", "editor", None),
    ("bien-tap-dong-rui", "editor", "Đồng Rui"),
    ("phe-duyet", "publisher", None),
]


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
        created = []
        if not User.objects.filter(username=USERNAME).exists():
            User.objects.create_superuser(USERNAME, email="", password=PASSWORD)
            created.append(USERNAME)
        for username, group, commune in MEMBERS:
            if User.objects.filter(username=username).exists():
                continue
            user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
            user.groups.add(Group.objects.get(name=group))
            place = Commune.objects.filter(name=commune).first() if commune else None
            if place is not None:
                StaffScope.objects.create(user=user, commune=place)
            created.append(username)
        if created:
            self.stdout.write(f"Created the demo staff: {', '.join(created)}.")
        else:
            self.stdout.write("The demo staff already exist; nothing changed.")
        members = ", ".join(f"{name} ({group})" for name, group, _commune in MEMBERS)
        self.stdout.write(
            f"Admin: {ADMIN_URL}\nUsername: {USERNAME} (superuser), or {members}\n"
            f"Password: {PASSWORD}"
        )
