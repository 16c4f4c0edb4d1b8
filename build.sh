#!/usr/bin/env bash
# One entry point for building and testing the TSM gateway.
#   ./build.sh test [dotnet test options]   install what the tests need, build (warnings are errors), run every test and spec;
#                                           without options, the OTA tests once more on the PKCS#11 key service (SoftHSM2)
#                                           and a short, untimed run of the OTA load tool (perf/Tsm.Perf ota)
#   ./build.sh build                        build the solution in Release
#   ./build.sh bench [filter]               run the micro-benchmarks (BenchmarkDotNet)
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
CONFIG=Release
SOLUTION=TsmGateway.sln
RESULTS="$PWD/TestResults"

log() { printf '==> %s\n' "$*" >&2; }

ensure_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "error: the .NET SDK (10.0.x, see global.json) is not on PATH; install it first" >&2
    exit 1
  fi
}

# Installs Debian packages that tests need when they are missing (root only; tests that need them skip with a reason otherwise).
ensure_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    log "cannot install ${missing[*]} (not root or no apt-get); tests that need them will be skipped"
    return 0
  fi
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null >/dev/null || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null \
    || log "could not install ${missing[*]}; tests that need them will be skipped"
}

# Installs node-smpp (tests/interop/package.json, pinned smpp@0.5.1) for the SMPP interop tests when it is missing.
# Idempotent; without node the interop tests skip with a reason.
ensure_interop() {
  local dir=tests/interop
  [ -d "$dir/node_modules/smpp" ] && return 0
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    log "node/npm not found; the node-smpp interop tests will be skipped"
    return 0
  fi
  log "installing node-smpp in $dir"
  if [ -f "$dir/package-lock.json" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error </dev/null) || log "npm ci failed in $dir; the interop tests will try again"
  else
    (cd "$dir" && npm install --no-audit --no-fund --loglevel=error </dev/null) || log "npm install failed in $dir; the interop tests will try again"
  fi
}

build() {
  log "building $SOLUTION ($CONFIG)"
  dotnet build "$SOLUTION" -c "$CONFIG" -nologo -clp:NoSummary -warnaserror </dev/null
}

run_tests() {
  rm -rf "$RESULTS"
  mkdir -p "$RESULTS"
  build
  log "running tests and specs"
  local log_file="$RESULTS/test-output.log" status=0
  set +e
  dotnet test "$SOLUTION" -c "$CONFIG" --no-build -nologo --results-directory "$RESULTS" --logger trx "$@" </dev/null 2>&1 | tee "$log_file"
  status=${PIPESTATUS[0]}
  set -e
  # One closing line for the whole run, summed over the test projects' TRX files.
  local passed=0 failed=0 skipped=0 trx counters
  for trx in "$RESULTS"/*.trx; do
    [ -e "$trx" ] || continue
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
    passed=$((passed + $(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")))
    failed=$((failed + $(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")))
    # xUnit's skipped tests count in "total" but not in "executed".
    skipped=$((skipped + $(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters") - $(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")))
  done
  echo "$passed passed, $failed failed, $skipped skipped"
  if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
    echo "error: no test ran" >&2
    status=1
  fi
  return "$status"
}

# The OTA tests again, with the key service on a SoftHSM2 token (docs/key-service.md, "Tests and CI"): the token
# directory and SOFTHSM2_CONF are made here, the tokens by the test host (tests/Tsm.Testing/SoftHsm.cs).
run_hsm_tests() {
  if ! command -v softhsm2-util >/dev/null 2>&1; then
    log "softhsm2 not installed; the OTA tests against the PKCS#11 key service are skipped"
    return 0
  fi
  local dir="$RESULTS/softhsm" status=0 started
  mkdir -p "$dir/tokens"
  printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$dir/tokens" >"$dir/softhsm2.conf"
  log "running the OTA tests against the PKCS#11 key service (SoftHSM2)"
  started=$(date +%s)
  set +e
  TSM_KEY_SERVICE=pkcs11 SOFTHSM2_CONF="$dir/softhsm2.conf" dotnet test tests/Tsm.Gateway.Tests -c "$CONFIG" --no-build -nologo \
    --filter "FullyQualifiedName~Tsm.Gateway.Tests.Ota" --results-directory "$RESULTS/hsm" --logger trx </dev/null 2>&1 | tee "$RESULTS/hsm-output.log"
  status=${PIPESTATUS[0]}
  set -e
  echo "OTA tests on the PKCS#11 key service: $(grep -o '<Counters [^>]*>' "$RESULTS"/hsm/*.trx 2>/dev/null | head -1) in $(( $(date +%s) - started )) s"
  return "$status"
}

# A short run of the OTA load tool (docs/performance.md): the gateway, the phone process and the HTTP ceiling start and
# every download succeeds. Not timed: it fails when the tool breaks or a download fails, never on speed.
run_ota_smoke() {
  log "OTA load tool, short run (not timed)"
  dotnet run -c "$CONFIG" --no-build --project perf/Tsm.Perf -- ota --mode cycle --phones 4 --warmup 2 --duration 3 --ceiling-seconds 1 </dev/null
}

case "${1:-}" in
  test)
    shift
    ensure_dotnet
    # vpcd reader driver, pcscd and pyscard for the PC/SC bridge tests (tests/Tsm.Simulator.Tests/Vpcd).
    ensure_packages vsmartcard-vpcd pcscd pcsc-tools python3-pyscard
    # PostgreSQL server binaries for the cluster-profile tests; each test run starts its own private server
    # (tests/Tsm.Gateway.Tests/Storage/PostgresServer.cs), so the packaged cluster need not run.
    ensure_packages postgresql
    # Headless Chromium renders the specs' HTML report in its test (specs/README.md, "Report").
    ensure_packages chromium
    # SoftHSM2, the PKCS#11 token of the key service's tests and of the OTA tests' second pass (docs/key-service.md).
    ensure_packages softhsm2
    ensure_interop
    status=0
    run_tests "$@" || status=$?
    # The second pass belongs to the full run; a run narrowed by options (a filter) does not repeat it.
    if [ "$#" -eq 0 ]; then
      run_hsm_tests || status=$?
      run_ota_smoke || status=$?
    fi
    exit "$status"
    ;;
  build)
    ensure_dotnet
    build
    ;;
  bench)
    shift
    ensure_dotnet
    dotnet run -c Release --project perf/Tsm.Perf -- bench "$@"
    ;;
  *)
    echo "usage: ./build.sh test [dotnet test options] | build | bench [filter]" >&2
    exit 64
    ;;
esac
