"""Gunicorn settings for serving the archive with debug off (`make serve`, README "Deploying").

    gunicorn --config archive/gunicorn.conf.py --bind 127.0.0.1:8000 archive.wsgi

Options on the command line override these. Only gunicorn reads this file; Django never imports it.
"""

import os

# Gunicorn's rule of thumb, two workers per core plus one, unless the host says otherwise
# through WEB_CONCURRENCY (the variable gunicorn itself reads when no config sets workers).
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1)

# Load Django once in the master before forking: a settings error (say, no DJANGO_SECRET_KEY)
# then stops gunicorn at once with the settings' one-line message, instead of every worker
# failing to boot in turn; and the workers share the loaded code's memory.
preload_app = True

# One line per request on stdout, beside gunicorn's own log on stderr.
accesslog = "-"

# Gunicorn 25.1+ opens a control socket at one fixed path per user ($XDG_RUNTIME_DIR or
# ~/.gunicorn), which a second gunicorn of the same user (`make serve` beside
# tests/test_deploy.py) would take over. The archive does not use `gunicornc`. Older gunicorn
# versions ignore this unknown name.
control_socket_disable = True


def when_ready(server):
    """Load the search dictionary (about half a second) once, in the master before it forks,
    so that the workers share it and no reader's first search in a worker waits for it.

    The imports are here because gunicorn reads this file before Django is set up; the
    master's database connection is closed so that no worker inherits it.
    """
    from django.db import connections

    from stories import search

    search.parse_query("社区")
    connections.close_all()
