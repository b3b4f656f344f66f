from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _last_app_migrated() -> str:
    """The app post_migrate is sent for last: Django sends it for the apps that have
    a models module only, in INSTALLED_APPS order."""
    with_models = [
        config for config in apps.get_app_configs() if config.models_module is not None
    ]
    return with_models[-1].label


def _sync_groups(sender, **kwargs):
    # post_migrate is sent once per app, and each app's permissions are created on
    # its own turn: the groups can only be synced on the last app's turn.
    if sender.label != _last_app_migrated():
        return
    from .services import sync_role_groups

    sync_role_groups()


def _ensure_schedule(sender, **kwargs):
    if sender.label != "accounts":
        return
    from .schedule import ensure_periodic_tasks

    ensure_periodic_tasks()


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from outbox.services import register_secret_filler
        from outbox.topics import register_topic

        from . import checks  # noqa: F401  registers the deploy check
        from .password_reset import FILLER, TOPIC, reset_link_values

        register_topic(TOPIC, _("password resets"))
        # The outbox makes each reset link at send time and never stores it.
        register_secret_filler(FILLER, reset_link_values)
        post_migrate.connect(_sync_groups, dispatch_uid="accounts.sync_groups")
        post_migrate.connect(_ensure_schedule, dispatch_uid="accounts.ensure_schedule")

        from django.contrib.auth.signals import user_logged_in

        from .middleware import remember_device_at_login

        user_logged_in.connect(
            remember_device_at_login, dispatch_uid="accounts.remember_device"
        )
