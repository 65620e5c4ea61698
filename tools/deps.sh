#!/bin/sh
# Checks the libraries burden builds against and installs the missing ones with
# apt-get (through sudo when not root). Prints what it does; exits non-zero with
# a clear message when it cannot install.
#   sh tools/deps.sh          the build's libraries (make deps)
#   sh tools/deps.sh bench    the benchmark peers' Debian packages (make bench)
set -u
missing=""
if [ "${1:-}" = bench ]; then
  # numpy on OpenBLAS (libopenblas0-pthread: 2 threads; without it numpy runs Debian's
  # one-thread reference BLAS, not its best ordinary configuration), pandas, scipy,
  # statsmodels and R. Checked by package name, so Debian (dpkg-query) only.
  if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "deps: not a Debian system: install numpy (on OpenBLAS), pandas, scipy, statsmodels and R" \
         "yourself; make bench shows SKIP for the peers it cannot run" >&2
    exit 0
  fi
  for p in python3-numpy python3-pandas python3-scipy python3-statsmodels r-base-core \
           libopenblas0-pthread; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
      missing="$missing $p"
  done
else
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
fi
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
