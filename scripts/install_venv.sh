#!/bin/sh
# Create or update a virtual environment from exact pins: all or nothing.
#
# Usage: scripts/install_venv.sh PYTHON VENV LOCK [--project]
#        scripts/install_venv.sh PYTHON VENV --same-python
#   PYTHON     the interpreter that creates VENV when VENV does not exist
#   VENV       the environment's folder (.venv)
#   LOCK       the exact pins to install (requirements.lock)
#   --project  also install this package (editable) and warm matplotlib's font cache
#   --same-python  install nothing: fail, saying so, if VENV exists with another
#              Python version than PYTHON (make runs it whenever PYTHON= is given)
#
# The interpreter must be a supported Python (SUPPORTED below, the versions the
# lock installs on and the tests pass with); otherwise nothing is created.
# If any step fails or is interrupted, VENV is removed: the next run starts
# afresh instead of finding a half-made environment.
set -u
SUPPORTED="3.11 3.12 3.13"
python=$1 venv=$2 lock=$3 project=${4:-}

version_of() {
    "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null
}

supported() {
    case " $SUPPORTED " in *" $1 "*) return 0 ;; esac
    return 1
}

if [ "$lock" = "--same-python" ]; then
    [ -x "$venv/bin/python" ] || exit 0
    have=$(version_of "$venv/bin/python") want=$(version_of "$python")
    [ -n "$want" ] && [ "$have" = "$want" ] && exit 0
    echo "PYTHON=$python is ${want:+Python }${want:-not a Python that runs}, but $venv has Python ${have:-(not runnable)}: make uses $venv as it is, not PYTHON." >&2
    echo "To switch, run 'make clean-venv', then make again with PYTHON=$python; to keep $venv, leave PYTHON= out." >&2
    exit 1
fi

if [ -x "$venv/bin/python" ]; then
    version=$(version_of "$venv/bin/python")
    if ! supported "$version"; then
        echo "$venv has Python ${version:-(not runnable)}; lcstudy supports Python 3.11, 3.12 and 3.13." >&2
        echo "Remove it with 'make clean-venv', then run make again with PYTHON=/path/to/python3.11 (or 3.12, 3.13)." >&2
        exit 1
    fi
else
    version=$(version_of "$python")
    if ! supported "$version"; then
        echo "PYTHON=$python is ${version:+Python }${version:-not a Python that runs}; lcstudy supports Python 3.11, 3.12 and 3.13." >&2
        echo "Run make again with PYTHON=/path/to/python3.11 (or 3.12, 3.13). Nothing was installed." >&2
        exit 1
    fi
fi

failed() {
    rm -rf "$venv"
    echo "Installing $venv failed; it was removed, so the next make starts afresh." >&2
    exit 1
}
trap failed INT TERM

pip() {
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$@"
}

if [ ! -x "$venv/bin/python" ]; then
    echo "Creating $venv with Python $version from $lock"
    "$python" -m venv "$venv" || failed
else
    echo "Updating $venv (Python $version) from $lock"
fi
pip --upgrade "pip>=24" || failed
pip -r "$lock" || failed
if [ "$project" = --project ]; then
    pip --no-deps -e . || failed
    "$venv/bin/python" -c "import matplotlib.pyplot" || failed  # the font cache, outside any notebook
fi
