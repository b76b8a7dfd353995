"""Hearth benchmarks (`make bench` / `python -m bench`): each figure beside a baseline from the same run."""
