"""Security headers the portal sends with every response."""

import logging

from django.conf import settings

logger = logging.getLogger(__name__)

# Everything the portal serves is its own: no CDN, no inline script or style. Bootstrap
# draws a few icons as data: SVG images.
DEFAULT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


class ContentSecurityPolicyMiddleware:
    """Add the Content-Security-Policy header unless a view set its own."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "CONTENT_SECURITY_POLICY", DEFAULT_CSP)

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class DatabaseUnavailableMiddleware:
    """A lost or refused database connection (a failover, a restart, a connection
    killed by the server) answers a Vietnamese "try again" page with 503 and
    Retry-After, not the generic error page; Django closes the broken connection at
    the end of the request, so the next one connects anew."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import InterfaceError, OperationalError
        from django.http import HttpResponse
        from django.template import loader

        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning(
            "Database unavailable during %s %s: %s",
            request.method,
            request.resolver_match.route if request.resolver_match else "(no route)",
            type(exception).__name__,
        )
        # Rendered without the request: its context processors would query the
        # database that just failed.
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
