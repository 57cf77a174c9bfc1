"""The Celery application, configured from the environment (see worker/README.md).

Celery finds it with ``celery -A app worker``. The broker is Amazon SQS, or ElasticMQ when
``WAVEFLOW_SQS_ENDPOINT`` is set; queues are predefined so the worker never creates or lists
queues, and the queue name is the routing key the Java bridge writes into every message.
"""
import os
from urllib.parse import urlparse

from celery import Celery


def _broker_settings():
    queue_url = os.environ.get(
        "SQS_QUEUE_URL", "http://127.0.0.1:9324/000000000000/waveflow-audio-process-queue")
    queue_name = queue_url.rstrip("/").rsplit("/", 1)[-1]
    key = os.environ.get("AWS_ACCESS_KEY_ID", "local")
    secret = os.environ.get("AWS_SECRET_ACCESS_KEY", "local")
    endpoint = os.environ.get("WAVEFLOW_SQS_ENDPOINT", "http://127.0.0.1:9324")
    options = {
        "region": os.environ.get("AWS_REGION", "ap-northeast-2"),
        "wait_time_seconds": 5,
        "predefined_queues": {
            queue_name: {"url": queue_url, "access_key_id": key, "secret_access_key": secret},
        },
    }
    if endpoint:
        parsed = urlparse(endpoint)
        options["is_secure"] = parsed.scheme == "https"
        broker_url = "sqs://{}:{}@{}".format(key, secret, parsed.netloc)
    else:
        broker_url = "sqs://"
    return broker_url, options, queue_name


_broker_url, _transport_options, QUEUE_NAME = _broker_settings()

app = Celery("app", broker=_broker_url, include=["app.tasks"])
app.conf.update(
    broker_transport_options=_transport_options,
    task_default_queue=QUEUE_NAME,
    task_ignore_result=True,
    worker_hijack_root_logger=False,
    broker_connection_retry_on_startup=True,
)
