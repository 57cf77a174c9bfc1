"""Unit tests of the reference worker: decoding, hashing, peaks, signing and the tasks' webhooks.

Run from worker/: /usr/bin/python3 -m unittest discover -s tests -t .
"""
import hashlib
import hmac
import http.server
import json
import os
import struct
import tempfile
import threading
import unittest
import wave
from pathlib import Path

from app import audio, webhooks


def write_wav(path, samples, rate=8000, width=2, extra_chunk=b""):
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(width)
        wav.setframerate(rate)
        wav.writeframes(b"".join(struct.pack("<h", s) for s in samples))
    if extra_chunk:
        # Same samples, another container: append a LIST chunk and fix the RIFF size.
        data = bytearray(Path(path).read_bytes()) + extra_chunk
        data[4:8] = struct.pack("<I", len(data) - 8)
        Path(path).write_bytes(bytes(data))


class Recorder(http.server.BaseHTTPRequestHandler):
    requests = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Recorder.requests.append((self.path, dict(self.headers), body))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"status":"success","message":"ok"}')

    def log_message(self, *args):
        pass


class AudioTest(unittest.TestCase):

    def test_should_hash_the_decoded_samples_not_the_container(self):
        with tempfile.TemporaryDirectory() as tmp:
            plain, tagged, other = Path(tmp, "a.wav"), Path(tmp, "b.wav"), Path(tmp, "c.wav")
            write_wav(plain, [0, 1000, -1000, 32767])
            write_wav(tagged, [0, 1000, -1000, 32767], extra_chunk=b"LIST\x04\x00\x00\x00INFO")
            write_wav(other, [0, 1000, -1000, 32766])
            self.assertEqual(audio.read_wav(plain).pcm_hash, audio.read_wav(tagged).pcm_hash)
            self.assertNotEqual(audio.read_wav(plain).pcm_hash, audio.read_wav(other).pcm_hash)

    def test_should_compute_one_peak_per_slice(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp, "a.wav")
            write_wav(path, [0, 16384, 0, -32768, 0, 0, 8192, 0], rate=8)
            decoded = audio.read_wav(path)
            self.assertEqual(decoded.sample_rate, 8)
            self.assertAlmostEqual(decoded.duration, 1.0)
            self.assertEqual(audio.peaks(decoded, 4), [0.5, 1.0, 0.0, 0.25])
            self.assertEqual(len(audio.peaks(decoded, 1024)), 1024)

    def test_should_refuse_a_file_that_is_not_wav(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp, "a.wav")
            path.write_bytes(b"ID3 not a wav")
            with self.assertRaises(audio.UnsupportedAudio):
                audio.read_wav(path)


class SignatureTest(unittest.TestCase):

    def test_should_sign_timestamp_dot_body_with_hmac_sha256(self):
        body = b'{"stemId":"s1"}'
        expected = hmac.new(b"s3cret", b"1764115200." + body, hashlib.sha256).hexdigest()
        self.assertEqual(webhooks.sign("s3cret", 1764115200, body), "t=1764115200,v1=" + expected)


class TasksTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        os.environ["WAVEFLOW_BRIDGE_URL"] = "http://127.0.0.1:{}".format(cls.server.server_port)
        os.environ["WAVEFLOW_WEBHOOK_SECRET"] = "s3cret"

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()

    def setUp(self):
        Recorder.requests.clear()
        self.storage = tempfile.TemporaryDirectory()
        os.environ["WAVEFLOW_STORAGE_DIR"] = self.storage.name
        write_wav(Path(self.storage.name, "s1.wav"), [0, 100, -200, 300] * 100)

    def tearDown(self):
        self.storage.cleanup()

    def posted(self):
        path, headers, body = Recorder.requests[-1]
        signature = headers["X-Waveflow-Signature"]
        timestamp = signature.split(",")[0][2:]
        self.assertEqual(signature, webhooks.sign("s3cret", int(timestamp), body))
        return path, json.loads(body)

    def test_should_post_the_hash_with_the_seed_fields(self):
        from app import tasks
        tasks.generate_hash_and_webhook("u1", "t1", "s1", "s1.wav", "2026-11-26T00:00:00Z", "s1.wav")
        path, body = self.posted()
        self.assertEqual(path, "/webhook/hash-check")
        self.assertEqual(set(body), {"stemId", "userId", "trackId", "filepath", "audio_hash", "timestamp",
                                     "original_filename", "status"})
        self.assertEqual(body["audio_hash"], audio.read_wav(Path(self.storage.name, "s1.wav")).pcm_hash)

    def test_should_analyse_and_write_the_waveform_beside_the_file(self):
        from app import tasks
        tasks.process_audio_analysis("u1", "t1", "s1", "s1.wav", "h", "ts", "s1.wav", num_peaks=16)
        path, body = self.posted()
        self.assertEqual(path, "/webhook/completion")
        self.assertEqual(body["status"], "SUCCESS")
        self.assertEqual(body["task"], "app.tasks.process_audio_analysis")
        result = body["result"]
        self.assertEqual(result["num_peaks"], 16)
        self.assertEqual(result["sample_rate"], 8000)
        self.assertEqual(result["waveform_data_path"], "s1.wav.waveform.json")
        waveform = json.loads(Path(self.storage.name, "s1.wav.waveform.json").read_text())
        self.assertEqual(len(waveform["peaks"]), 16)

    def test_should_delete_the_duplicate_and_report_it(self):
        from app import tasks
        tasks.process_duplicate_file("u1", "t1", "s1", "s1.wav", "h")
        self.assertFalse(Path(self.storage.name, "s1.wav").exists())
        path, body = self.posted()
        self.assertEqual((path, body["task"], body["status"]),
                         ("/webhook/completion", "app.tasks.process_duplicate_file", "SUCCESS"))

    def test_should_pass_the_messages_traceparent_on_in_its_webhooks(self):
        from app import tasks
        traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        tasks.generate_hash_and_webhook.apply(
            args=("u1", "t1", "s1", "s1.wav", "2026-11-26T00:00:00Z", "s1.wav"),
            headers={"traceparent": traceparent})
        _, headers, _ = Recorder.requests[-1]
        self.assertEqual({k.lower(): v for k, v in headers.items()}["traceparent"], traceparent)

    def test_should_send_no_traceparent_when_the_message_has_none(self):
        from app import tasks
        tasks.process_duplicate_file("u1", "t1", "s1", "s1.wav", "h")
        _, headers, _ = Recorder.requests[-1]
        self.assertNotIn("traceparent", {k.lower() for k in headers})

    def test_should_report_a_missing_file_as_a_failed_completion(self):
        from app import tasks
        tasks.process_audio_analysis("u1", "t1", "s1", "missing.wav", "h", "ts", "missing.wav")
        _, body = self.posted()
        self.assertEqual(body["status"], "FAILURE")
        self.assertEqual(body["result"]["error_code"], "FILE_NOT_FOUND")


if __name__ == "__main__":
    unittest.main()
