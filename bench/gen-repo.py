#!/usr/bin/env python3
"""Writes a git fast-import stream for a benchmark repository: many files, a long history, and
content that compresses like real code and data (text lines plus some random blocks).
Usage: gen-repo.py COMMITS FILES MEBIBYTES | git fast-import"""
import os
import random
import sys

commits, files, mebibytes = (int(a) for a in sys.argv[1:4])
rng = random.Random(2026)
out = sys.stdout.buffer
words = [bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 10))) for _ in range(5000)]
bytes_per_commit = mebibytes * 1024 * 1024 // commits
mark = 0


def text(size):
    lines = []
    total = 0
    while total < size:
        line = b" ".join(rng.choice(words) for _ in range(rng.randint(4, 14))) + b"\n"
        lines.append(line)
        total += len(line)
    return b"".join(lines)


for c in range(commits):
    touched = rng.sample(range(files), min(files, max(1, files // 40)))
    share = max(256, bytes_per_commit // len(touched))
    blobs = []
    for f in touched:
        mark += 1
        data = os.urandom(share) if f % 10 == 0 else text(share)
        out.write(b"blob\nmark :%d\ndata %d\n" % (mark, len(data)) + data + b"\n")
        blobs.append((f, mark))
    when = 1700000000 + c * 60
    message = b"commit %d\n" % c
    out.write(b"commit refs/heads/main\ncommitter Bench <bench@example.com> %d +0000\n" % when)
    out.write(b"data %d\n" % len(message) + message)
    for f, m in blobs:
        out.write(b"M 100644 :%d dir%02d/file%05d.txt\n" % (m, f % 64, f))
    out.write(b"\n")
out.write(b"done\n")
