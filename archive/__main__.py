"""`archive <command>`: manage.py for an installed wheel, which has no manage.py.

The console script of pyproject.toml; `python -m archive <command>` is the same. Settings are
archive.settings unless DJANGO_SETTINGS_MODULE says otherwise, as in manage.py.
"""

import os
import sys

from django.core.management import execute_from_command_line


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
