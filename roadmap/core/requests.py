"""Small helpers for views, and which client a request comes from."""
from flask import current_app, request, url_for
from werkzeug.middleware.proxy_fix import ProxyFix


def public_url(endpoint, **values):
    """An absolute link for e-mails and files (calendar, invitations): from PUBLIC_URL, never from
    the request's Host header, which anyone can forge."""
    return current_app.config["PUBLIC_URL"].rstrip("/") + url_for(endpoint, **values)


def client_address():
    """The address counted by the log-in limits (TrustedProxies sets remote_addr behind a proxy)."""
    return (request.remote_addr or "unknown")[:64]


class TrustedProxies:
    """Werkzeug's ProxyFix, trusting as many proxies as TRUSTED_PROXIES says (read at each request,
    so that a test can change it). With 0, X-Forwarded-* are ignored: any client can send them."""

    def __init__(self, app):
        self.app = app
        self.wsgi_app = app.wsgi_app
        self._fixes = {}

    def __call__(self, environ, start_response):
        count = int(self.app.config.get("TRUSTED_PROXIES") or 0)
        if count <= 0:
            return self.wsgi_app(environ, start_response)
        fix = self._fixes.get(count)
        if fix is None:
            fix = self._fixes[count] = ProxyFix(self.wsgi_app, x_for=count, x_proto=count)
        return fix(environ, start_response)
