"""Signed webhook posts to the Waveflow bridge.

The signature is the bridge's scheme: header ``X-Waveflow-Signature: t=<unix seconds>,v1=<hex>``
where ``<hex>`` is HMAC-SHA256 with the shared secret over ``"<t>.<raw body>"``.
"""
import hashlib
import hmac
import json
import logging
import os
import time
import urllib.error
import urllib.request

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Waveflow-Signature"


def sign(secret, timestamp, body):
    digest = hmac.new(secret.encode("utf-8"), str(timestamp).encode("ascii") + b"." + body,
                      hashlib.sha256).hexdigest()
    return "t={},v1={}".format(timestamp, digest)


class BridgeClient:
    """Posts JSON to the bridge; retries what can heal (5xx, connection errors), not 4xx."""

    def __init__(self, base_url=None, secret=None, attempts=8, timeout=10.0, traceparent=None):
        self.base_url = (base_url or os.environ.get("WAVEFLOW_BRIDGE_URL", "http://127.0.0.1:8080")).rstrip("/")
        self.secret = secret if secret is not None else os.environ.get("WAVEFLOW_WEBHOOK_SECRET", "")
        self.attempts = attempts
        self.timeout = timeout
        # W3C trace context of the task's message, passed on so the bridge continues the stem's trace.
        self.traceparent = traceparent

    def post(self, path, payload):
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        delay = 0.5
        for attempt in range(1, self.attempts + 1):
            request = urllib.request.Request(self.base_url + path, data=body, method="POST",
                                             headers={"Content-Type": "application/json"})
            if self.traceparent:
                request.add_header("traceparent", self.traceparent)
            if self.secret:
                request.add_header(SIGNATURE_HEADER, sign(self.secret, int(time.time()), body))
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return response.status, json.loads(response.read() or b"{}")
            except urllib.error.HTTPError as error:
                detail = error.read().decode("utf-8", "replace")
                if error.code < 500:
                    log.error("bridge refused %s (%s): %s", path, error.code, detail)
                    return error.code, detail
                retry_after = error.headers.get("Retry-After")
                wait = float(retry_after) if retry_after and retry_after.isdigit() else delay
                log.warning("bridge answered %s to %s, attempt %d; retrying in %.1fs", error.code, path,
                            attempt, wait)
            except (urllib.error.URLError, OSError) as error:
                wait = delay
                log.warning("bridge unreachable for %s (%s), attempt %d; retrying in %.1fs", path, error,
                            attempt, wait)
            time.sleep(wait)
            delay = min(delay * 2, 30.0)
        raise RuntimeError("bridge did not accept {} after {} attempts".format(path, self.attempts))
