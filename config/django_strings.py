"""Django's own strings that its Vietnamese or Spanish catalogue lacks (Django 6.1), named here
so that `makemessages` keeps them in ours, where they are translated: the project's catalogues
(LOCALE_PATHS) come before Django's. Nothing imports this module; only the catalogues read it.
When a Django release translates one of them, it can go."""

from django.utils.translation import gettext_noop

DJANGO_STRINGS = [
    # django.db.models.fields: a select's empty choice
    gettext_noop("- Select an option -"),
    # the admin's templates and list
    gettext_noop("Skip to main content"),
    gettext_noop("Filter navigation items"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Show counts"),
    gettext_noop("Hide counts"),
    gettext_noop("Filter by %(field_name)s"),
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("Select this object for an action - {}"),
    # django.contrib.auth's forms and the admin's user pages
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop(
        "Whether the user will be able to authenticate using a password or not. "
        "If disabled, they may still be able to authenticate using other backends, "
        "such as Single Sign-On or LDAP."
    ),
]
