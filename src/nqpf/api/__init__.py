"""The REST API and the app that serves it together with the web pages."""

from nqpf.api.app import create_app

__all__ = ["create_app"]
