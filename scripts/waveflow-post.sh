#!/usr/bin/env bash
# Posts a signed webhook to the bridge, as a worker would (bridge/WEBHOOKS.md).
#
#   scripts/waveflow-post.sh PATH JSON
#   scripts/waveflow-post.sh /upload-complete '{"userId":"u1","trackId":"t1","stemId":"stem-1","filepath":"stems/a.wav","original_filename":"A.wav"}'
#
# The secret: $WAVEFLOW_WEBHOOK_SECRET, else the first of $WAVEFLOW_WEBHOOK_SECRETS, else the local
# stack's $WAVEFLOW_DATA_DIR/webhook-secret (default .waveflow-data/webhook-secret).
# The bridge: $WAVEFLOW_BRIDGE_URL (default http://127.0.0.1:8080).
# Extra curl arguments may follow JSON, e.g. -H 'Idempotency-Key: delivery-1' or -i.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
path=$1
body=$2
shift 2

secret=${WAVEFLOW_WEBHOOK_SECRET:-}
if [[ -z $secret && -n ${WAVEFLOW_WEBHOOK_SECRETS:-} ]]; then
  secret=${WAVEFLOW_WEBHOOK_SECRETS%%,*}
fi
secret_file=${WAVEFLOW_DATA_DIR:-.waveflow-data}/webhook-secret
if [[ -z $secret && -r $secret_file ]]; then
  secret=$(<"$secret_file")
fi
if [[ -z $secret ]]; then
  echo "no secret: set WAVEFLOW_WEBHOOK_SECRET or start the local stack (it writes $secret_file)" >&2
  exit 2
fi

t=$(date +%s)
v1=$(printf '%s.%s' "$t" "$body" | openssl dgst -sha256 -hmac "$secret" -r | cut -d' ' -f1)
curl -sS -X POST "${WAVEFLOW_BRIDGE_URL:-http://127.0.0.1:8080}$path" \
  -H 'Content-Type: application/json' \
  -H "X-Waveflow-Signature: t=$t,v1=$v1" \
  --data-binary "$body" "$@"
echo
