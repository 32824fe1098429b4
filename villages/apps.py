from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VillagesConfig(AppConfig):
    name = "villages"
    verbose_name = _("Commune, villages and bodies")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from villages.sessions import on_login

        user_logged_in.connect(on_login, dispatch_uid="villages.sessions.on_login")
