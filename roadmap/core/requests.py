"""Small helpers for views."""
from flask import request


def client_address():
    """The address counted by the log-in limit (ProxyFix sets remote_addr behind a proxy)."""
    return (request.remote_addr or "unknown")[:64]
