#!/usr/bin/env bash
# Installs code-server (VS Code in a browser) from the npm registry, for `npm start` on machines
# without a desktop VS Code and for the end-to-end tests. Nothing is downloaded from GitHub:
# ripgrep, which VS Code's search needs, comes from the system instead.
#
#   scripts/install-code-server.sh [DIR]   default: $WEFT_CODE_SERVER_DIR or ~/.cache/code-server-4.100.3
#
# Idempotent. Prints the path of code-server's entry script on its last line.
set -euo pipefail

VERSION=4.100.3 # VS Code 1.100
DIR="${1:-${WEFT_CODE_SERVER_DIR:-$HOME/.cache/code-server-$VERSION}}"
ENTRY="$DIR/node_modules/code-server/out/node/entry.js"
if [ -f "$DIR/.complete" ] && [ -f "$ENTRY" ]; then
  echo "$ENTRY"
  exit 0
fi

# System packages: ripgrep for search, Kerberos headers for a native module, Chromium to look at it.
missing=()
command -v rg >/dev/null || missing+=(ripgrep)
[ -f /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
command -v chromium >/dev/null || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
    echo "code-server needs these packages; install them first: ${missing[*]}" >&2
    exit 1
  fi
  SUDO=$([ "$(id -u)" = 0 ] && echo "" || echo sudo)
  echo "installing ${missing[*]} with apt-get" >&2
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
log="$DIR/install.log"
mkdir -p "$DIR"
: >"$log"
run() { "$@" >>"$log" 2>&1 || { echo "code-server install failed at: $* (see $log)" >&2; exit 1; }; }

echo "installing code-server $VERSION into $DIR" >&2
cd "$DIR"
[ -f package.json ] || echo '{ "private": true }' >package.json
# Install scripts would fetch binaries from GitHub; they are replaced by the steps below.
run npm install --ignore-scripts "code-server@$VERSION"
run npm rebuild argon2
cd node_modules/code-server/lib/vscode
run npm install --omit=dev --ignore-scripts --unsafe-perm
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
run npm rebuild --unsafe-perm
# code-server looks for VS Code's modules under node_modules.asar.
ln -sfn node_modules node_modules.asar
cd extensions
run npm install --omit=dev --unsafe-perm
touch "$DIR/.complete"
echo "$ENTRY"
