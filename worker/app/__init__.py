"""Waveflow's reference Celery worker: the three seed tasks, run by Debian's Celery 5."""
