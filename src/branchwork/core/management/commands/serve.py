"""`branchwork serve [--bind HOST:PORT] [--workers N] [--timeout S]`: Branchwork under
gunicorn for production (issue 18 §5), configured from the environment (SERVE_BIND,
SERVE_WORKERS, SERVE_THREADS, SERVE_TIMEOUT; the options override them). Put it behind a TLS
proxy such as nginx (README, "Production"). `make run` keeps Django's development server."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


def gunicorn_options(
    *, bind: str | None = None, workers: int | None = None, timeout: int | None = None
) -> dict[str, Any]:
    """gunicorn's settings: the arguments where given, else the SERVE_* settings. The access
    log goes to standard output, errors to standard error."""
    return {
        "bind": [bind or settings.SERVE_BIND],
        "workers": workers or settings.SERVE_WORKERS,
        "threads": settings.SERVE_THREADS,
        "timeout": timeout or settings.SERVE_TIMEOUT,
        "accesslog": "-",
        "errorlog": "-",
        "proc_name": "branchwork",
    }


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = "Serve Branchwork with gunicorn (production); settings from SERVE_* variables."

    def add_arguments(self, parser):
        parser.add_argument("--bind", help="HOST:PORT or unix:PATH (default SERVE_BIND)")
        parser.add_argument("--workers", type=_positive, help="Worker processes (SERVE_WORKERS)")
        parser.add_argument("--timeout", type=_positive, help="Seconds per request (SERVE_TIMEOUT)")

    def handle(self, *args, **options):
        from gunicorn.app.base import BaseApplication

        config = gunicorn_options(
            bind=options["bind"], workers=options["workers"], timeout=options["timeout"]
        )

        class Application(BaseApplication):  # type: ignore[misc]
            def load_config(self) -> None:
                for key, value in config.items():
                    self.cfg.set(key, value)

            def load(self) -> Any:
                from branchwork.config.wsgi import application

                return application

        self.stdout.write(
            f"Serving Branchwork on {config['bind'][0]} with {config['workers']} worker(s)."
        )
        self.stdout.flush()
        try:
            Application().run()
        except SystemExit as exc:
            if exc.code not in (0, None):
                raise CommandError(f"gunicorn stopped with status {exc.code}.") from None
