#!/usr/bin/env bash
# Installs a Debian package when the program it brings is missing and we can (root or
# password-less sudo); otherwise says what will not work and carries on.
#   scripts/ensure-package.sh PROGRAM PACKAGE "what happens without it"
set -u
program=$1 package=$2 without=$3
if command -v "$program" >/dev/null 2>&1 || [ -x "$program" ]; then exit 0; fi
as_root=""
if [ "$(id -u)" != 0 ]; then
  if sudo -n true 2>/dev/null; then as_root="sudo -n"; else
    echo "$package is missing and cannot be installed without root: $without."
    exit 0
  fi
fi
if command -v apt-get >/dev/null; then
  echo "Installing Debian's $package..."
  $as_root apt-get update -qq && DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq "$package" >/dev/null \
    || echo "Could not install $package: $without."
else
  echo "No apt-get here: install $package yourself, or $without."
fi
exit 0
