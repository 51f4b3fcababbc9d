# Developer shortcuts. The tests are `bash scripts/test.sh` (see README).
.PHONY: bench bench-smoke

# Everything (< 30 min): rewrites BENCHMARKS.md and bench/time_vs_size.png.
bench:
	GRIDPLANNER_BENCH_COMMAND="make bench" bash scripts/bench.sh

# Tiny instance, every method, short caps; writes into output/bench-smoke only.
bench-smoke:
	bash scripts/bench.sh --smoke --out output/bench-smoke
