"""gunicorn for Giảm nghèo (docs/deploy.md). Every value can be overridden from the environment
file the systemd unit reads (/etc/giamngheo/giamngheo.env)."""

import multiprocessing
import os

# nginx on the same machine connects here; nothing else should.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: nginx buffers slow clients (village phones on 3G), so a worker is busy only for
# the server time of a request. 2 × cores + 1 is gunicorn's rule of thumb; each worker holds one
# database connection (CONN_MAX_AGE), so workers × app servers must stay under PostgreSQL's
# max_connections (or pgbouncer's pool).
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Import Django, WeasyPrint and openpyxl once in the master, shared copy-on-write by the workers.
# Database connections are opened lazily by each worker, never in the master.
preload_app = True
# A handover-minutes PDF for a whole village takes seconds; the big exports run in the worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then: WeasyPrint and openpyxl do not hand all memory back.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 1000))
max_requests_jitter = 100
# The proxy's X-Forwarded-* headers are trusted from nginx on this machine only.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Logs to stdout/stderr, collected by journald; %(M)s is the request's time in milliseconds.
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG", "1") == "1" else None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms "%(a)s"'
# Temporary files of request bodies in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm"
