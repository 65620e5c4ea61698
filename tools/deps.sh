#!/bin/sh
# Checks the libraries burden builds against and installs the missing ones with
# apt-get (through sudo when not root). Prints what it does; exits non-zero with
# a clear message when it cannot install.
set -u
missing=""
have_pc() { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists "$1"; }
command -v cc >/dev/null 2>&1 || missing="$missing gcc"
command -v make >/dev/null 2>&1 || missing="$missing make"
command -v pkg-config >/dev/null 2>&1 || missing="$missing pkg-config"
have_pc lua5.4 || missing="$missing liblua5.4-dev"
have_pc gsl || missing="$missing libgsl-dev"
have_pc libpcre2-8 || missing="$missing libpcre2-dev"
have_pc libedit || missing="$missing libedit-dev"
have_pc librsvg-2.0 || missing="$missing librsvg2-dev"
have_pc cairo-pdf || missing="$missing libcairo2-dev"
# the figures' font (PDF and PNG embed it; the SVGs name it first)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$missing fonts-dejavu-core"
[ -f /usr/include/csv.h ] || missing="$missing libcsv-dev"
[ -z "$missing" ] && exit 0

echo "deps: installing$missing"
if [ "$(id -u)" = 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "deps: missing$missing, and neither root nor sudo is available to install them." >&2
  echo "deps: install them with your package manager (Debian: apt-get install$missing)." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y -q $missing >/dev/null 2>&1; then
  $SUDO apt-get update -q >/dev/null 2>&1
  if ! $SUDO apt-get install -y -q $missing; then
    echo "deps: apt-get could not install$missing" >&2
    exit 1
  fi
fi
echo "deps: installed$missing"
