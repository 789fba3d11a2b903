"""The `jiesu` console script: Django's management commands with Jiesu's settings."""

from __future__ import annotations

import os
import sys

# This runs before Django is set up, when translation cannot run yet: the words are marked
# for the catalogue (gettext_noop) and printed as they are.
from django.utils.translation import gettext_noop

from jiesu.core.env import data_dir, envsecret, secret_key_file, write_secret_key


def ensure_secret_key(argv: list[str]) -> None:
    """Before the first ``jiesu migrate`` (what ``make run`` starts with): without
    ``JIESU_SECRET_KEY`` and without a key file, write one into the data directory and say so."""
    if argv[:1] != ["migrate"]:
        return
    key_file = secret_key_file(data_dir())
    if envsecret("JIESU_SECRET_KEY", key_file)[0]:
        return
    write_secret_key(key_file)
    print(
        gettext_noop("已生成密钥文件 %(key_file)s（SECRET_KEY；请随数据一起备份，勿外传）。")
        % {"key_file": key_file}
    )


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jiesu.settings")
    args = sys.argv[1:] if argv is None else argv
    ensure_secret_key(args)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["jiesu", *args])


if __name__ == "__main__":
    main()
