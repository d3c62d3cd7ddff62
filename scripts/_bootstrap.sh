# Sourced by scripts/serve, scripts/test and scripts/bench: makes .venv from the exact pins
# in pyproject.toml on first run, and again whenever pyproject.toml changes.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

_python() {
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return
    fi
  done
  echo "intranet needs Python 3.11 or newer; install it and run this again" >&2
  exit 2
}

bootstrap() {  # bootstrap [EXTRA]: EXTRA is an optional-dependencies group, e.g. test
  local extra="${1:-}" want stamp
  want="$(cat "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
  stamp="$VENV/.installed${extra:+-$extra}"
  if [ ! -x "$VENV/bin/python" ]; then
    echo "Setting up $VENV (first run only)..." >&2
    "$(_python)" -m venv "$VENV"
  fi
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    "$VENV/bin/python" -m pip install --disable-pip-version-check --quiet \
      --editable "$ROOT${extra:+[$extra]}"
    echo "$want" >"$stamp"
  fi
  export PATH="$VENV/bin:$PATH"
  export NO_MKDOCS_2_WARNING=1 PYTHONDONTWRITEBYTECODE=1
}

# Debian's chromium, for what runs a real browser (the tests; the bench's search).
need_chromium() {
  if ! command -v chromium >/dev/null 2>&1; then
    echo "Installing Debian's chromium for $1..." >&2
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  fi
}
