#!/bin/sh
# Prints the path of a working Python 3.12, or fails with a clear message.
# pyenv's shim may exist on PATH but refuse to run, so each candidate is actually run.
for candidate in "$(command -v python3.12 2>/dev/null)" "$HOME"/.pyenv/versions/3.12*/bin/python3.12 /root/.pyenv/versions/3.12*/bin/python3.12 /usr/local/bin/python3.12 /usr/bin/python3.12; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    if "$candidate" -c 'import sys, venv; assert sys.version_info[:2] == (3, 12)' >/dev/null 2>&1; then
        echo "$candidate"
        exit 0
    fi
done
echo "Giảm nghèo needs Python 3.12 (python3.12 on PATH or under ~/.pyenv/versions/3.12*). None was found." >&2
exit 1
