"""Benchmark of the content API v1 against Wagtail's API v2 (see ``bench/run.py``)."""
