"""gunicorn's settings for `make serve` and production: `gunicorn -c config/gunicorn.py
config.wsgi`. Each can be set from the environment:

- BIND (default 127.0.0.1:8000), where it listens: behind a balancer, an address of its own;
- WEB_CONCURRENCY, the worker processes (default: two a core and one, at most 12);
- GUNICORN_THREADS (default 1), threads a worker: the pages wait on the database, not the CPU;
- GUNICORN_TIMEOUT (default 60), seconds a request may take before its worker is restarted:
  the PDFs of a long annex are made by the task worker, never in a request.

Its own log lines (workers started and stopped) are JSON like the app's (config/logs.py); the
requests are logged by the app, with their id and user, so gunicorn's access log stays off.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 12)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# A worker restarted after this many requests (a little apart, not all at once): memory that
# a library keeps growing is given back.
max_requests = 5000
max_requests_jitter = 500
# Behind a balancer on the same network: it keeps connections open to us.
keepalive = 5
accesslog = None
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "config.logs.JsonFormatter"}
        if os.environ.get("LOG_FORMAT", "json") == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
