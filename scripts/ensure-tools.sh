#!/usr/bin/env bash
# Installs what `make test` needs and a fresh machine may lack.
#   npm packages: `npm ci` when node_modules is missing or older than the lockfile.
#   Debian packages: psql (postgresql-client) and pg_prove; with --chromium, Debian's
#   chromium at /usr/bin/chromium (the HTML report's browser test, which skips without
#   it); with --server-extensions, also pgTAP and plpgsql_check for the local
#   PostgreSQL server named by DATABASE_URL. With --npm-only, only the npm packages
#   (what `make demo` needs: it runs on the embedded engine and uses no system tool).
# Installs with apt-get only when running as root; otherwise names the packages to install
# (and fails, unless only chromium is missing).
set -euo pipefail
cd "$(dirname "$0")/.."

want_server_extensions=false
want_chromium=false
npm_only=false
for arg in "$@"; do
  case "$arg" in
    --server-extensions) want_server_extensions=true ;;
    --chromium) want_chromium=true ;;
    --npm-only) npm_only=true ;;
    *) echo "ensure-tools: unknown option $arg" >&2; exit 2 ;;
  esac
done

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "ensure-tools: installing npm packages (npm ci)"
  npm ci --no-audit --no-fund
fi
if $npm_only; then exit 0; fi

missing=()
command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
command -v pg_prove >/dev/null 2>&1 || missing+=(libtap-parser-sourcehandler-pgtap-perl)
optional=()
if $want_chromium && [ ! -x /usr/bin/chromium ]; then optional+=(chromium); fi

if $want_server_extensions && [ -n "${DATABASE_URL:-}" ]; then
  # Server-side extension files can only be installed for a server on this machine.
  host=$(node -e 'const u = new URL(process.env.DATABASE_URL); console.log(u.hostname)')
  if [ "$host" = "127.0.0.1" ] || [ "$host" = "localhost" ]; then
    major=$(psql "$DATABASE_URL" -Atc "select current_setting('server_version_num')::int / 10000" 2>/dev/null || true)
    if [ -n "$major" ]; then
      has() { psql "$DATABASE_URL" -Atc "select count(*) from pg_available_extensions where name = '$1'"; }
      [ "$(has pgtap)" = "1" ] || missing+=("postgresql-$major-pgtap")
      [ "$(has plpgsql_check)" = "1" ] || missing+=("postgresql-$major-plpgsql-check")
    fi
  fi
fi

wanted=("${missing[@]}" "${optional[@]}")
if [ ${#wanted[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-tools: installing ${wanted[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${wanted[@]}" >/dev/null
elif [ ${#missing[@]} -eq 0 ]; then
  echo "ensure-tools: chromium is missing, so the report's browser test will be skipped; install it with: sudo apt-get install chromium" >&2
else
  echo "ensure-tools: missing system packages; install them with: sudo apt-get install ${wanted[*]}" >&2
  exit 1
fi
