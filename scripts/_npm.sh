# Sourced by scripts/lint-workflows and scripts/test: installs one npm package at an exact
# version into .tools/, and only if its tarball has the integrity hash pinned here, so a
# changed tarball on the registry is refused rather than run. node and npm come from
# Debian when missing. Needs $ROOT and the venv's python (scripts/_bootstrap.sh).

npm_tools() {  # npm_tools WHY: node and npm, from Debian's packages when missing
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "Installing Debian's nodejs and npm for $1..." >&2
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nodejs npm >/dev/null
  fi
}

# npm_pinned PREFIX NAME VERSION INTEGRITY: PREFIX/node_modules/NAME at VERSION. Each
# package gets a prefix of its own: `npm install --no-save` prunes from its prefix any
# package it was not asked for, which would remove the other tools.
npm_pinned() {
  local prefix="$1" name="$2" version="$3" integrity="$4" installed tarball actual
  installed="$(node -p 'require(process.argv[1]).version' \
    "$prefix/node_modules/$name/package.json" 2>/dev/null || true)"
  [ "$installed" = "$version" ] && return 0
  echo "Installing $name $version from npm into ${prefix#"$ROOT/"}/ (first run only)..." >&2
  mkdir -p "$prefix"
  tarball="$prefix/$(cd "$prefix" && npm pack --silent "$name@$version")"
  actual="$(python -c 'import base64, hashlib, sys
print("sha512-" + base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' \
    "$tarball")"
  if [ "$actual" != "$integrity" ]; then
    rm -f "$tarball"
    echo "$(basename "$0"): $name $version from npm has integrity $actual," \
      "not the pinned $integrity; refusing to run it" >&2
    exit 2
  fi
  npm install --silent --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund \
    --ignore-scripts "$tarball"
  rm -f "$tarball"
}
