"""``python -m lcstudy``: the ``lcstudy`` command, for when the console script is not on PATH.

Examples
--------
``python -m lcstudy validate`` is ``lcstudy validate``.
"""

from lcstudy.cli import main

__all__: list[str] = []

if __name__ == "__main__":
    main(prog_name="lcstudy")
