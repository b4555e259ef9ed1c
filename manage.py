#!/usr/bin/env python
import os
import sys
from pathlib import Path

# The one command that may read the local `.env` (which `make` writes with CPSPREP_DEV=1): the development
# server. Every other command, and gunicorn, sees only real environment variables, so a `.env` left on a
# production machine cannot turn a migration, a demo-account command or the app server into development mode.
DEV_SERVER_COMMANDS = {"runserver"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cpsprep.settings")
    if len(sys.argv) > 1 and sys.argv[1] in DEV_SERVER_COMMANDS:
        from cpsprep.env import load_env_file

        load_env_file(os.environ.get("CPSPREP_ENV_FILE", str(Path(__file__).resolve().parent / ".env")))
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
