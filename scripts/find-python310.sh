#!/usr/bin/env bash
# Prints the path of a Python 3.10 interpreter for the Rasa environment, or explains what to
# install. Rasa 3.6 runs on Python 3.8-3.10 only; we use 3.10. No machine-specific path:
# we ask PATH, then pyenv, then uv, in that order.
set -u

is_310() { "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1; }

for candidate in "${PYTHON310:-}" python3.10; do
  [ -n "$candidate" ] || continue
  path=$(command -v "$candidate" 2>/dev/null) || continue
  # A pyenv shim answers to python3.10 even when 3.10 is not the active version; is_310 runs it.
  if is_310 "$path"; then echo "$path"; exit 0; fi
done

if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  for dir in $(ls -d "$root"/versions/3.10* 2>/dev/null | sort -rV); do
    if is_310 "$dir/bin/python3.10"; then echo "$dir/bin/python3.10"; exit 0; fi
  done
fi

if command -v uv >/dev/null 2>&1; then
  path=$(uv python find 3.10 2>/dev/null) && is_310 "$path" && { echo "$path"; exit 0; }
fi

cat >&2 <<'MSG'
servicetorg needs Python 3.10 for Rasa 3.6 (Rasa supports nothing newer).
Install it with one of:
  pyenv install 3.10          # then run make again; pyenv need not be the active version
  apt-get install python3.10  # Debian/Ubuntu, where the distribution has it
  uv python install 3.10
or point PYTHON310 at an interpreter:  make PYTHON310=/path/to/python3.10 run
MSG
exit 1
