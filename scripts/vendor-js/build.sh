#!/usr/bin/env bash
# Rebuild static/js/vendor/yjs.min.js from npm (run once by a developer; the bundle is committed,
# the app never fetches anything at run time). Needs node and npm.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../../static/js/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/entry.js" "$work/"
cd "$work"
npm install --no-audit --no-fund --silent
# esbuild's postinstall may be blocked: its platform binary package is there all the same.
bin="$(ls node_modules/@esbuild/*/bin/esbuild | head -1)"
"$bin" entry.js --bundle --minify --format=iife --target=es2019 --legal-comments=none \
  --outfile="$out/yjs.min.js"
{
  echo "static/js/vendor/yjs.min.js bundles yjs $(node -p 'require("yjs/package.json").version') and lib0 $(node -p 'require("lib0/package.json").version'), both under the MIT licence:"
  echo
  cat node_modules/yjs/LICENSE
  echo
  echo "---- lib0"
  echo
  cat node_modules/lib0/LICENSE
} > "$out/yjs.LICENSE"
echo "wrote $out/yjs.min.js"
