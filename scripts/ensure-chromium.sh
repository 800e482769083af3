#!/usr/bin/env bash
# Installs Debian's chromium (for the browser tests) when it is missing and we can.
set -u
if [ -x /usr/bin/chromium ]; then exit 0; fi
as_root=""
if [ "$(id -u)" != 0 ]; then
  if sudo -n true 2>/dev/null; then as_root="sudo -n"; else
    echo "chromium is missing and cannot be installed without root: browser tests will be skipped" \
         "(in CI they fail instead)."
    exit 0
  fi
fi
if command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..."
  $as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq chromium >/dev/null \
    || echo "Could not install chromium: browser tests will be skipped (in CI they fail instead)."
else
  echo "No apt-get here: install chromium yourself to run the browser tests."
fi
exit 0
