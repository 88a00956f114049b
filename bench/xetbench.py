# The measurements of bench/run-xet-bench (which starts the hub and sets the environment). Every client
# run is its own process: huggingface_hub reads HF_HUB_DISABLE_XET once, when it is imported.
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

hub = os.environ["HUB_URL"].rstrip("/")
token = os.environ["HF_TOKEN"]
work = Path(os.environ["WORK_DIR"])
mib = int(os.environ["BENCH_MIB"])
runs = int(os.environ["BENCH_RUNS"])
metrics_token = os.environ["METRICS_TOKEN"]

CLIENT = r'''
import os, sys, time
from huggingface_hub import HfApi
api = HfApi(endpoint=os.environ["HF_ENDPOINT"], token=os.environ["HF_TOKEN"])
repo, path = sys.argv[1], sys.argv[2]
api.create_repo(repo, private=True, exist_ok=True)
start = time.monotonic()
api.upload_file(path_or_fileobj=path, path_in_repo="model.bin", repo_id=repo)
print(time.monotonic() - start)
'''


def client_upload(repo, path, xet, home):
    env = dict(os.environ, HF_ENDPOINT=hub, HF_HOME=str(home), HF_HUB_DISABLE_PROGRESS_BARS="1",
               HF_HUB_DISABLE_TELEMETRY="1")
    if not xet:
        env["HF_HUB_DISABLE_XET"] = "1"
    done = subprocess.run([sys.executable, "-c", CLIENT, repo, str(path)], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"upload failed ({'xet' if xet else 'lfs'}): {done.stderr[-2000:]}")
    return float(done.stdout.strip().splitlines()[-1])


def xet_received():
    request = urllib.request.Request(hub + "/metrics", headers={"Authorization": "Bearer " + metrics_token})
    total = 0.0
    for line in urllib.request.urlopen(request).read().decode().splitlines():
        if line.startswith("hubkeep_xet_received_bytes_total"):
            total += float(line.rsplit(" ", 1)[1])
    return total


def download_seconds(repo):
    request = urllib.request.Request(f"{hub}/{repo}/resolve/main/model.bin", headers={"Authorization": "Bearer " + token})
    start = time.monotonic()
    size = 0
    with urllib.request.urlopen(request) as response:
        while chunk := response.read(1 << 20):
            size += len(chunk)
    elapsed = time.monotonic() - start
    return elapsed, size


size = mib * 1024 * 1024
print(f"{mib} MiB file, {runs} runs each, median kept; {hub}", file=sys.stderr)

xet_times, lfs_times = [], []
for run in range(runs):
    # Alternating, each into a new repository with an empty client cache, and new bytes per run (the
    # same for both paths) so nothing the hub stored in an earlier run can be reused.
    data = work / f"model-{run}.bin"
    data.write_bytes(os.urandom(size))
    xet_times.append(client_upload(f"bench/xet-{run}", data, True, work / f"home-xet-{run}"))
    lfs_times.append(client_upload(f"bench/lfs-{run}", data, False, work / f"home-lfs-{run}"))
data = work / "model-0.bin"  # the file of the first Xet repository, edited below
upload_xet, upload_lfs = statistics.median(xet_times), statistics.median(lfs_times)

# 1 MiB changed in the middle, uploaded again into the first repository with that client's cache.
changed = bytearray(data.read_bytes())
middle = size // 2
changed[middle:middle + (1 << 20)] = os.urandom(1 << 20)
edited = work / "model-edited.bin"
edited.write_bytes(changed)
before = xet_received()
client_upload("bench/xet-0", edited, True, work / "home-xet-0")
resent = xet_received() - before

xet_dl, lfs_dl = [], []
for run in range(runs):
    t, n = download_seconds("bench/xet-1" if runs > 1 else "bench/xet-0")
    assert n == size, f"xet download gave {n} bytes"
    xet_dl.append(size / t)
    t, n = download_seconds("bench/lfs-1" if runs > 1 else "bench/lfs-0")
    assert n == size, f"lfs download gave {n} bytes"
    lfs_dl.append(size / t)
dl_xet, dl_lfs = statistics.median(xet_dl), statistics.median(lfs_dl)

rows = [
    ("upload, client defaults (Xet) vs LFS", f"{upload_xet:.2f} s", f"{upload_lfs:.2f} s",
     upload_xet / upload_lfs, "≤ 1.5× the LFS time", upload_xet / upload_lfs <= 1.5),
    ("re-upload, 1 MiB changed: bytes received", f"{resent / 2**20:.2f} MiB", f"{mib} MiB",
     resent / size, "≤ 5 % of the file", resent / size <= 0.05),
    ("GET /resolve/ throughput, Xet vs LFS", f"{dl_xet / 2**20:.0f} MiB/s", f"{dl_lfs / 2**20:.0f} MiB/s",
     dl_xet / dl_lfs, "≥ 0.5× LFS", dl_xet / dl_lfs >= 0.5),
]
print(f"{'measure':44} {'Hubkeep Xet':>14} {'reference':>14} {'ratio':>7}  goal")
for name, ours, reference, ratio, goal, met in rows:
    print(f"{name:44} {ours:>14} {reference:>14} {ratio:7.3f}  {goal} {'met' if met else 'MISSED'}")
result = {
    "bench": "xet", "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "machine": platform.node(),
    "cpus": os.cpu_count(), "mib": mib, "runs": runs,
    "upload": {"xet_s": xet_times, "lfs_s": lfs_times, "ratio": upload_xet / upload_lfs},
    "reupload": {"received_bytes": resent, "fraction": resent / size},
    "download": {"xet_bytes_per_s": xet_dl, "lfs_bytes_per_s": lfs_dl, "ratio": dl_xet / dl_lfs},
    "goals_met": all(r[5] for r in rows),
}
Path(os.environ["RESULT_FILE"]).write_text(json.dumps(result, indent=2) + "\n")
