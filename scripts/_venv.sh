# Sourced by the scripts in this folder: creates .venv and installs the
# project (with the given extras) pinned by constraints.txt, only when the
# pins or the project metadata changed since the last install.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
extras=${1:-}
py=${PYTHON:-python3}
if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "powerlist 需要 Python 3.11 或更高版本 (found: $("$py" --version 2>&1))" >&2
  exit 2
fi
[ -x .venv/bin/python ] || "$py" -m venv .venv
stamp=.venv/.powerlist-installed
want="$(cat pyproject.toml constraints.txt | sha256sum | cut -c1-16) ${extras}"
if [ ! -f "$stamp" ] || ! grep -qxF "$want" "$stamp"; then
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  spec="."
  [ -n "$extras" ] && spec=".[${extras}]"
  .venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e "$spec"
  echo "$want" >> "$stamp"
fi
export PATH="$root/.venv/bin:$PATH"
export NO_MKDOCS_2_WARNING=1
