# Developer shortcuts. The tests are `bash scripts/test.sh` (see README).
.PHONY: bench bench-smoke bench-megacity bench-cluster

# Everything (< 30 min): rewrites BENCHMARKS.md and bench/time_vs_size.png.
bench:
	GRIDPLANNER_BENCH_COMMAND="make bench" bash scripts/bench.sh

# Tiny instance, every method, short caps; writes into output/bench-smoke only.
bench-smoke:
	bash scripts/bench.sh --smoke --out output/bench-smoke

# A generated megacity of 10 million households planned on this machine (issue 24; generating it
# the first time takes a while, cached in bench/cache/); writes into output/megacity only.
bench-megacity:
	bash -c 'source scripts/_env.sh && ensure_venv && install_project "[bench]" && python -m bench.megacity --households 10000000 --out output/megacity'

# A localhost Dask cluster: a real `dask scheduler` and 1, then 2 `dask worker` against the local plan.
bench-cluster:
	bash -c 'source scripts/_env.sh && ensure_venv && install_project "[bench]" && python -m bench.megacity --households 1000000 --cluster 1 2 --out output/cluster'
