#!/usr/bin/env bash
# Checks a running linkops (deployment/local/run.sh) with Junction's official Node SDK. Needs node and npm.
# Creates its own team through the operator API, so it needs nothing but the service's URL and operator key.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
URL="${LINKOPS_URL:-http://localhost:8080}"
ADMIN_KEY="${LINKOPS_ADMIN_KEY:-linkops-dev-admin-key-do-not-use-in-production}"
npm install --silent --no-audit --no-fund >/dev/null
json() { node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.parse(s)[process.argv[1]]))" "$1"; }
team=$(curl -fsS -X POST "$URL/admin/v1/teams" -H "x-admin-key: $ADMIN_KEY" -H 'content-type: application/json' \
    -d '{"name": "sdk check"}')
team_id=$(printf '%s' "$team" | json team_id)
curl -fsS -X PATCH "$URL/admin/v1/teams/$team_id" -H "x-admin-key: $ADMIN_KEY" -H 'content-type: application/json' \
    -d '{"link_migration_enabled": true}' >/dev/null
curl -fsS -X PUT "$URL/admin/v1/teams/$team_id/custom_credentials/fitbit" -H "x-admin-key: $ADMIN_KEY" \
    -H 'content-type: application/json' -d '{"client_id": "sdk-check", "client_secret": "sdk-check-secret"}' >/dev/null
LINKOPS_URL="$URL" LINKOPS_TEAM_KEY="$(printf '%s' "$team" | json api_key)" node check.mjs
