"""Password reset by e-mail: Django's views, the portal's outbox.

It lives in the project package rather than in `accounts`, which sits beside `outbox`
in the bottom layer and may not import it.
"""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.urls import reverse, reverse_lazy


class PortalPasswordResetForm(PasswordResetForm):
    """Send the reset link through the outbox, like every e-mail of the portal."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from outbox.services import enqueue_mail

        user = context["user"]
        path = reverse(
            "password_reset_confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        enqueue_mail(
            # One message per link: asking again makes a new token, so a new e-mail.
            key=f"password-reset:{user.pk}:{context['token']}",
            recipients=[to_email],
            template="password_reset",
            context={
                "full_name": user.get_full_name() or user.username,
                "username": user.get_username(),
                # The portal's configured address, never the request's Host header.
                "reset_url": f"{settings.PORTAL_BASE_URL.rstrip('/')}{path}",
                "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            },
        )


class PortalPasswordResetView(auth_views.PasswordResetView):
    form_class = PortalPasswordResetForm
    success_url = reverse_lazy("password_reset_done")


class PortalPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")
