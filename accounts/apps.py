from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_groups(sender, **kwargs):
    # post_migrate is sent once per app, and each app's permissions are created on
    # its own turn: the groups can only be synced on the last app's turn.
    if sender.label != list(apps.get_app_configs())[-1].label:
        return
    from .services import sync_role_groups

    sync_role_groups()


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        post_migrate.connect(_sync_groups, dispatch_uid="accounts.sync_groups")
