#!/bin/sh
# Prints, as NAME=value words, the native-library environment variables that ./trainkit runs
# with (its defaults, or what this shell already sets), read from `trainkit info --format json`.
# The PyTorch side of a comparison runs once as installed and once with these, so that a
# difference between the two libraries is not a difference of environment.
# Usage: env $(tools/bench/launcher_env.sh) /usr/bin/python3 tools/bench/bench_pytorch.py ...
cd "$(dirname "$0")/../.."
./trainkit info --format json 2>/dev/null | /usr/bin/python3 -c '
import json, sys
env = json.load(sys.stdin)["native_env"]
print(" ".join(k + "=" + v for k, v in env.items() if v is not None))'
