#!/bin/sh
# Regenerate the default gazetteers: gazetteers/*.gaz and gazetteers/common-words.txt.
# Usage: scripts/gazetteers/build.sh [REFERENCE_DATA_DIR]   (default: ../shared/data from the repo root)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
missing=""
[ -f /usr/share/iso-codes/json/iso_3166-1.json ] || missing="$missing iso-codes"
[ -f /usr/share/dict/words ] || missing="$missing wamerican"
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq $missing
  else
    echo "install the Debian packages:$missing" >&2; exit 1
  fi
fi
if [ ! -x "$here/.venv/bin/python" ]; then
  python3 -m venv "$here/.venv"
fi
"$here/.venv/bin/pip" install -q -r "$here/requirements.txt"
exec "$here/.venv/bin/python" "$here/build.py" "$@"
