#!/usr/bin/env bash
# Brings a machine to the state `make run` and `make test` need. Idempotent: when all
# is present it only checks (a second or two); otherwise it says what it installs and why.
#
#   - the wasm32 target (the browser half of the app is WebAssembly)
#   - cargo-leptos 0.3.10 (builds server + wasm + css together; 0.3.11 does not build on
#     this toolchain, and `no_downloads` keeps it from fetching tools at build time)
#   - wasm-bindgen-cli of exactly the wasm-bindgen version in Cargo.lock
#   - end2end/node_modules: Playwright and binaryen (wasm-opt, for release builds)
#   - Debian's chromium, the browser the end-to-end tests drive
#   - aiosmtpd (PyPI) under .tools/python: the real SMTP server the e-mail tests send to
#   - moto (PyPI, its S3 server mode) under .tools/moto: the real S3-compatible server the
#     storage tests talk to
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1mbootstrap:\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "installing the wasm32-unknown-unknown target (the browser build needs it)"
  rustup target add wasm32-unknown-unknown
fi

CARGO_LEPTOS_VERSION=0.3.10
if ! cargo leptos --version 2>/dev/null | grep -q " ${CARGO_LEPTOS_VERSION}\$"; then
  say "installing cargo-leptos ${CARGO_LEPTOS_VERSION} (builds server, wasm and css; ~13 min once)"
  cargo install cargo-leptos --version "${CARGO_LEPTOS_VERSION}" --locked --features no_downloads --debug
fi

WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "${WASM_BINDGEN_VERSION}" ]; then
  echo "bootstrap: cannot find wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " ${WASM_BINDGEN_VERSION}\$"; then
  say "installing wasm-bindgen-cli ${WASM_BINDGEN_VERSION} (must match Cargo.lock; ~4 min once)"
  cargo install wasm-bindgen-cli --version "${WASM_BINDGEN_VERSION}"
fi

if [ ! -f end2end/node_modules/.package-lock.json ] \
  || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  say "installing end2end/node_modules (Playwright, binaryen's wasm-opt) with npm ci"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

if [ ! -x /usr/bin/chromium ]; then
  say "installing Debian's chromium (the browser the end-to-end tests drive)"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium
fi

AIOSMTPD_VERSION=1.4.6
if [ ! -f ".tools/python/aiosmtpd-${AIOSMTPD_VERSION}.dist-info/METADATA" ]; then
  say "installing aiosmtpd ${AIOSMTPD_VERSION} into .tools/python (the SMTP server the e-mail tests talk to)"
  if ! command -v python3 >/dev/null; then
    echo "bootstrap: python3 is needed for the SMTP test server" >&2
    exit 1
  fi
  rm -rf .tools/python
  PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check --target .tools/python "aiosmtpd==${AIOSMTPD_VERSION}"
fi

SCHEMATHESIS_VERSION=4.32.5
if [ ! -f ".tools/schemathesis/schemathesis-${SCHEMATHESIS_VERSION}.dist-info/METADATA" ]; then
  say "installing schemathesis ${SCHEMATHESIS_VERSION} into .tools/schemathesis (property-based tests of the REST API, scripts/api_fuzz.sh)"
  rm -rf .tools/schemathesis
  PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check --target .tools/schemathesis \
    "schemathesis==${SCHEMATHESIS_VERSION}"
fi

MOTO_VERSION=5.2.1
if [ ! -f ".tools/moto/moto-${MOTO_VERSION}.dist-info/METADATA" ]; then
  say "installing moto ${MOTO_VERSION} (S3 server mode) into .tools/moto (the S3-compatible server the storage tests talk to)"
  rm -rf .tools/moto
  PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check --target .tools/moto \
    "moto[s3]==${MOTO_VERSION}" "flask==3.1.3" "flask-cors==6.0.5"
fi
