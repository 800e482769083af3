#!/usr/bin/env bash
# The accessibility tests' tools: Java (Debian's default-jre-headless) for the Nu HTML checker,
# and the checker itself (npm vnu-jar, pinned) under .tools/, which git ignores. Idempotent:
# does nothing when both are there; says what will be skipped when it cannot install them.
#   scripts/ensure-a11y-tools.sh
set -u
cd "$(dirname "$0")/.."
VNU_VERSION=26.9.27
bash scripts/ensure-package.sh java default-jre-headless "the HTML validation tests will be skipped"
jar=.tools/node_modules/vnu-jar/build/dist/vnu.jar
if [ -f "$jar" ] && grep -q "\"version\": \"$VNU_VERSION\"" .tools/node_modules/vnu-jar/package.json 2>/dev/null; then
  exit 0
fi
bash scripts/ensure-package.sh npm npm "the HTML validation tests will be skipped"
if command -v npm >/dev/null 2>&1; then
  echo "Installing vnu-jar $VNU_VERSION (npm) into .tools/..."
  mkdir -p .tools
  npm install --silent --no-audit --no-fund --no-save --prefix .tools "vnu-jar@$VNU_VERSION" >/dev/null \
    || echo "Could not install vnu-jar: the HTML validation tests will be skipped."
fi
exit 0
