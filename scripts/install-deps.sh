#!/usr/bin/env bash
# Installs what lambda-esm-lint needs to build and test, from Debian's
# packages only. Idempotent; run as root (or through sudo).
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config
  libzip-dev libtree-sitter-dev libcli11-dev nlohmann-json3-dev catch2
  python3 zip unzip util-linux        # fixture builder; lambda-sim needs unzip, unshare
  nodejs npm                          # lambda-sim fetches Node builds with npm on first use
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node and npm may come from elsewhere than Debian (as on the dev machines).
command -v node >/dev/null && missing=("${missing[@]/nodejs}")
command -v npm >/dev/null && missing=("${missing[@]/npm}")
read -r -a missing <<< "${missing[*]}"
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
