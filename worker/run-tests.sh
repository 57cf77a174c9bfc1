#!/usr/bin/env bash
# Unit tests of the reference Celery worker, run by Maven's test phase (module `worker`).
# Debian's Celery is needed; outside CI a missing install skips with what to install.
set -euo pipefail
if ! /usr/bin/python3 -c 'import celery, kombu, boto3, pycurl' 2>/dev/null; then
  msg="the reference worker needs: apt-get install python3-celery python3-kombu python3-boto3 python3-pycurl"
  if [ "${CI:-}" = "true" ]; then echo "FAILED: $msg" >&2; exit 1; fi
  echo "SKIPPED worker tests: $msg"
  exit 0
fi
cd "$(dirname "$0")"
exec /usr/bin/python3 -W ignore::ResourceWarning -m unittest discover -s tests -t . -v
