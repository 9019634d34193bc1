#!/usr/bin/env python
import atexit
import gc
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

    # At exit the interpreter runs full garbage collections over every object
    # a Django process holds, about a quarter of `manage.py check`'s time, to
    # free memory the operating system takes back anyway. Frozen objects are
    # left out of those collections. Registered first, this runs after every
    # other exit handler (logging's flush among them).
    atexit.register(gc.freeze)

    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`seo_audit | head`): stop quietly, as Python's
        # documentation recommends, instead of a traceback on stderr.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
