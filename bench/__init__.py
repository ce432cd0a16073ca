"""Speed benchmarks (`make bench`): each module's main() prints timings and a ratio against a
baseline measured in the same run, so the numbers mean something on any machine."""
