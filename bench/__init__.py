"""Benchmarks of Grid Planner against its peers (k-means, spopt max-p, GerryChain, METIS).

Run everything with ``make bench`` (or ``python -m bench``); see :mod:`bench.run`.
Not part of the installed package: this folder is only used from a checkout.
"""
