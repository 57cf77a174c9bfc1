"""The three seed tasks. Each reads the stem from a local folder standing in for the bucket
(``WAVEFLOW_STORAGE_DIR``) and answers the bridge with the seed's webhooks.

Every execution logs one ``EXECUTED <task> <task id> <stemId> traceparent=<value or ->`` line, so a
test or an operator can count executions per task id and see which trace each belongs to.

Tracing without a new dependency (Debian has no OpenTelemetry for Python): the bridge writes the
W3C ``traceparent`` of its SQS send into the Celery message headers, and every webhook a task
posts carries it on, so the bridge continues the stem's trace.
"""
import datetime
import json
import logging
import os
from pathlib import Path

from app.audio import UnsupportedAudio, peaks, read_wav
from app.celery import app
from app.webhooks import BridgeClient

log = logging.getLogger(__name__)

GENERATE_HASH = "app.tasks.generate_hash_and_webhook"
PROCESS_DUPLICATE = "app.tasks.process_duplicate_file"
PROCESS_ANALYSIS = "app.tasks.process_audio_analysis"


def storage_dir():
    return Path(os.environ.get("WAVEFLOW_STORAGE_DIR", ".waveflow-data/bucket"))


def _now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _traceparent(task):
    """The message's ``traceparent`` header: a worker exposes message headers on the request,
    ``Task.apply`` under ``request.headers``."""
    value = task.request.get("traceparent")
    headers = task.request.get("headers")
    if not value and isinstance(headers, dict):
        value = headers.get("traceparent")
    return value


def _executed(task, stem_id):
    log.warning("EXECUTED %s %s %s traceparent=%s", task.name, task.request.id, stem_id, _traceparent(task) or "-")
    return BridgeClient(traceparent=_traceparent(task))


def _fail(bridge, task_name, stem_id, code, message):
    bridge.post("/webhook/completion", {
        "stemId": stem_id, "task": task_name, "status": "FAILURE", "timestamp": _now(),
        "result": {"error_code": code, "error_message": message},
    })


@app.task(name=GENERATE_HASH, bind=True)
def generate_hash_and_webhook(self, userId, trackId, stemId, filepath, timestamp, original_filename):
    bridge = _executed(self, stemId)
    try:
        audio = read_wav(storage_dir() / filepath)
    except FileNotFoundError:
        return _fail(bridge, GENERATE_HASH, stemId, "FILE_NOT_FOUND", "no file at " + filepath)
    except UnsupportedAudio as error:
        return _fail(bridge, GENERATE_HASH, stemId, "UNSUPPORTED_FORMAT", str(error))
    bridge.post("/webhook/hash-check", {
        "stemId": stemId, "userId": userId, "trackId": trackId, "filepath": filepath,
        "audio_hash": audio.pcm_hash, "timestamp": timestamp, "original_filename": original_filename,
        "status": "SUCCESS",
    })


@app.task(name=PROCESS_DUPLICATE, bind=True)
def process_duplicate_file(self, userId, trackId, stemId, filepath, audio_hash):
    bridge = _executed(self, stemId)
    path = storage_dir() / filepath
    try:
        path.unlink()
    except FileNotFoundError:
        log.info("duplicate %s was already gone", path)
    bridge.post("/webhook/completion", {
        "stemId": stemId, "task": PROCESS_DUPLICATE, "status": "SUCCESS", "timestamp": _now(),
        "result": {},
    })


@app.task(name=PROCESS_ANALYSIS, bind=True)
def process_audio_analysis(self, userId, trackId, stemId, filepath, audio_hash, timestamp, original_filename,
                           num_peaks=1024):
    bridge = _executed(self, stemId)
    path = storage_dir() / filepath
    try:
        audio = read_wav(path)
    except FileNotFoundError:
        return _fail(bridge, PROCESS_ANALYSIS, stemId, "FILE_NOT_FOUND", "no file at " + filepath)
    except UnsupportedAudio as error:
        return _fail(bridge, PROCESS_ANALYSIS, stemId, "UNSUPPORTED_FORMAT", str(error))
    waveform = {"stemId": stemId, "sample_rate": audio.sample_rate, "duration": audio.duration,
                "num_peaks": num_peaks, "peaks": peaks(audio, num_peaks)}
    waveform_path = Path(filepath + ".waveform.json")
    (storage_dir() / waveform_path).write_text(json.dumps(waveform), encoding="utf-8")
    bridge.post("/webhook/completion", {
        "stemId": stemId, "task": PROCESS_ANALYSIS, "status": "SUCCESS", "timestamp": _now(),
        "result": {
            "audio_data_hash": audio.pcm_hash, "waveform_data_path": str(waveform_path),
            "file_size": path.stat().st_size, "duration": round(audio.duration, 6),
            "sample_rate": audio.sample_rate, "num_peaks": num_peaks,
        },
    })
