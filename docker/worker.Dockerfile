# The reference Celery worker (worker/): Debian's Celery 5, as in CI; no PyPI needed.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3-celery python3-kombu python3-boto3 \
        python3-pycurl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 waveflow && mkdir -p /var/lib/waveflow/bucket && chown waveflow /var/lib/waveflow/bucket
WORKDIR /worker
COPY worker/app ./app
USER waveflow
ENV WAVEFLOW_STORAGE_DIR=/var/lib/waveflow/bucket
ENTRYPOINT ["/usr/bin/python3", "-m", "celery", "-A", "app", "worker", "--pool=solo", "--without-gossip", \
    "--without-mingle", "--without-heartbeat", "-l", "INFO"]
