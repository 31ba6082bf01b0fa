"""``python -m calfpump``: the same program as the ``calfpump`` command."""

from .cli import main

if __name__ == "__main__":
    main()
