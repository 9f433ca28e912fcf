"""Entry point for gunicorn: `gunicorn plugin.wsgi:app`."""

from plugin.app import create_app

app = create_app()
