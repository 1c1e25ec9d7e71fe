#!/usr/bin/env bash
# Debian/Ubuntu packages Secretariat needs, installed only when missing.
#
#   scripts/debian-deps.sh run    the GUI and PDFs (make run)
#   scripts/debian-deps.sh test   + poppler-utils and qpdf (make test)
#   scripts/debian-deps.sh ci     + PostgreSQL 15 for the server tests, hledger if available (.ci/run)
#   scripts/debian-deps.sh list MODE   print the packages of MODE and exit
#
# As root it runs apt-get; otherwise it asks through sudo. Set NO_APT=1 to skip (then it only
# warns). Does nothing on systems without dpkg (other distributions, macOS, Windows).
set -euo pipefail

# Why each one is there:
#   python3-venv               `python3 -m venv` on Debian's own Python (ensurepip)
#   fonts-wqy-microhei         a TrueType CJK font embedded in every PDF, and Chinese text in the GUI
#   libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0
#                              what Qt's core and GUI libraries link against (PySide6 wheels bundle Qt,
#                              not these system libraries)
#   libxkbcommon-x11-0 libx11-xcb1 libxcb-*   Qt's xcb platform plugin (X11 windows)
RUN_PKGS=(
    python3-venv fonts-wqy-microhei
    libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
    libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0
    libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xfixes0 libxcb-shm0 libxcb-sync1 libxcb-xkb1
)
#   poppler-utils qpdf         tests read back and check the PDFs (pdftotext/pdftoppm, qpdf --check)
TEST_PKGS=(poppler-utils qpdf)
#   postgresql-15              the throwaway server of the PostgreSQL test run (scripts/pg-test-cluster.sh)
CI_PKGS=(postgresql-15)
#   hledger                    optional: the ledger export tests check the journal with hledger itself
OPTIONAL_PKGS=(hledger)

mode=${1:-}
[[ $mode == list ]] && mode=${2:-ci} && print_only=1
case $mode in
    run) want=("${RUN_PKGS[@]}"); optional=() ;;
    test) want=("${RUN_PKGS[@]}" "${TEST_PKGS[@]}"); optional=() ;;
    ci) want=("${RUN_PKGS[@]}" "${TEST_PKGS[@]}" "${CI_PKGS[@]}"); optional=("${OPTIONAL_PKGS[@]}") ;;
    *) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
if [[ ${print_only:-} == 1 ]]; then echo "${want[*]} ${optional[*]}"; exit 0; fi

command -v dpkg-query >/dev/null 2>&1 || exit 0

# Installed packages and the names they provide (Ubuntu's *t64 libraries provide the old names).
installed=$(dpkg-query -W -f='${db:Status-Status} ${Package} ${Provides}\n' 2>/dev/null \
    | awk '$1 == "installed" { $1 = ""; print }' | tr ' ,' '\n\n' | sed 's/(.*//; s/:.*//' | sort -u)
is_installed() { grep -qxF "$1" <<<"$installed"; }

missing=()
for p in "${want[@]}"; do is_installed "$p" || missing+=("$p"); done
missing_optional=()
for p in "${optional[@]}"; do is_installed "$p" || missing_optional+=("$p"); done
[[ ${#missing[@]} -eq 0 && ${#missing_optional[@]} -eq 0 ]] && exit 0

if [[ ${NO_APT:-} == 1 ]]; then
    [[ ${#missing[@]} -gt 0 ]] && echo "debian-deps: missing (NO_APT=1, not installing): ${missing[*]}" >&2
    exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
    apt=(apt-get)
elif command -v sudo >/dev/null 2>&1; then
    apt=(sudo apt-get)
else
    echo "debian-deps: these Debian packages are missing; as root run:" >&2
    echo "  apt-get install -y ${missing[*]} ${missing_optional[*]}" >&2
    [[ ${#missing[@]} -eq 0 ]] && exit 0
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "debian-deps: installing ${missing[*]} ${missing_optional[*]}" >&2
"${apt[@]}" update -qq
if [[ ${#missing[@]} -gt 0 ]]; then
    "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}"
fi
for p in "${missing_optional[@]}"; do
    "${apt[@]}" install -y -qq --no-install-recommends "$p" \
        || echo "debian-deps: optional package $p not installed; the tests that need it are skipped" >&2
done
