#!/usr/bin/env python3
"""Hubkeep's hot read paths on a big hub beside the same paths on a small one (issue 16, "scale").

Started by bench/run scale (which builds the jar first). Starts Hubkeep twice from the packaged jar,
each on its own data directory and embedded SQLite: a small hub (1 k tokens, 1 k repositories, an
organization of 1 k members) and a large one (1 M tokens, 100 k repositories, an organization of
10 k members). The bench account (made with the operator's commands, as httpbench.py does) is an
admin of that organization, and the measured repository is a private one in the organization's
namespace, made through the API with a small file, so every read of it asks for the membership.

Seeding through the API would take hours, so the rest is written straight into each hub's database
before it serves: one transaction of executemany inserts with Python's sqlite3, after the first
operator command created the schema. Bulk tokens are real tokens (hf_, 34 random base62 characters
and their CRC32 checksum) stored as the server stores them, HMAC-SHA256 under the hub's pepper, so
the bench can prove the seeding right by signing in with one of them. Bulk repositories are rows
only: no git storage, as nothing here reads them.

Then measures GET /api/whoami-v2 and GET /{org}/model/resolve/main/config.json with wrk on both
hubs, small and large alternately round by round, and prints per path the p99 of each, their ratio
(goal: large <= 1.2x small), req/s, the hub's CPU time per request and database statements per
warm request; also the first
request after a start (nothing cached) and the first use of another token on a warm hub, for
information. Writes JSON under bench/results/.

Usage: scalebench.py ROOT JAR
Environment: as httpbench.py (but BENCH_ROUNDS 5, BENCH_SECONDS 6; BENCH_WARMUP 10, BENCH_CONNECTIONS 64,
BENCH_JAVA_OPTS, BENCH_KEEP), and BENCH_SCALE_SMALL / BENCH_SCALE_LARGE: "tokens,repositories,members"
(default "1000,1000,1000" and "1000000,100000,10000"). SQLite only: BENCH_DATABASE_URL is refused.
"""
import base64
import hashlib
import hmac
import json
import os
import secrets
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import httpbench  # noqa: E402  (the Hub and wrk helpers, shared)
from httpbench import FILE, NAME, NS, cpu_seconds, log, request  # noqa: E402

ORG = "bigorg"
GOAL = 1.2  # large p99 / small p99, at most
PATHS = {
    "whoami": ("GET", "/api/whoami-v2"),
    "resolve-get": ("GET", f"/{ORG}/{NAME}/resolve/main/{FILE}"),
}
ALPHABET = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
# A random byte to a base62 character: bytes 248..255 fold onto the first 8 characters, a bias that
# does not matter for tokens nobody will ever guess or use.
TO_BASE62 = bytes(ALPHABET[i % 62] for i in range(256))


def sizes(name, default):
    tokens, repos, members = (int(x) for x in os.environ.get(name, default).split(","))
    return {"tokens": tokens, "repositories": repos, "org_members": members}


def row_ids(count):
    """Ids shaped as the server's (store/Ids.java): 6 bytes of millisecond, a 2-byte sequence, 4 random."""
    millis = int(time.time() * 1000)
    out = []
    for i in range(count):
        ms, seq = millis + i // 65536, i % 65536
        out.append(ms.to_bytes(6, "big").hex() + seq.to_bytes(2, "big").hex() + secrets.token_hex(4))
    return out


def new_token():
    """One token in the server's format (hubkeep-protocol TokenFormat): hf_, 34 base62, 6 base62 of CRC32."""
    body = b"hf_" + os.urandom(34).translate(TO_BASE62)
    value = zlib.crc32(body)
    check = bytearray(6)
    for i in range(5, -1, -1):
        check[i] = ALPHABET[value % 62]
        value //= 62
    return (body + bytes(check)).decode()


def pepper(data):
    """The current token pepper (auth/PepperRing): the first '<id> <base64 key>' line of the file."""
    with open(os.path.join(data, "secrets", "token-pepper")) as f:
        line = next(l.strip() for l in f if l.strip() and not l.lstrip().startswith("#"))
    key_id, key = line.split()
    return key_id, base64.b64decode(key)


def seed(hub, size):
    """Writes the bulk users, org members, tokens and repositories in one transaction; returns the
    seconds it took and one bulk token with its owner's name (to check the digests were made right)."""
    started = time.monotonic()
    pepper_id, key = pepper(hub.data)
    mac = hmac.new(key, digestmod=hashlib.sha256)
    now = int(time.time() * 1000)
    db = sqlite3.connect(os.path.join(hub.data, "hubkeep.db"), isolation_level=None)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("BEGIN IMMEDIATE")
        password_hash, = db.execute("SELECT password_hash FROM users WHERE username_key = ?", (NS,)).fetchone()
        org_id, = db.execute("SELECT id FROM organizations WHERE name_key = ?", (ORG,)).fetchone()
        members = size["org_members"] - 1  # the bench user is one
        users = [(uid, f"member{i:06d}") for i, uid in enumerate(row_ids(members))]
        db.executemany("INSERT INTO users (id, username, username_key, email, email_key, fullname, password_hash,"
                       " email_verified_at, is_admin, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
                       ((uid, name, name, f"{name}@example.com", f"{name}@example.com", name, password_hash, now, now)
                        for uid, name in users))
        db.executemany("INSERT INTO namespaces (name_key, kind, owner_id) VALUES (?, 'user', ?)",
                       ((name, uid) for uid, name in users))
        db.executemany("INSERT INTO org_members (org_id, user_id, role, created_at) VALUES (?, ?, ?, ?)",
                       ((org_id, uid, ("read", "write")[i % 2], now) for i, (uid, _) in enumerate(users)))
        sample = {}

        def tokens():
            for i, tid in enumerate(row_ids(size["tokens"])):
                uid, name = users[i % len(users)]
                value = new_token()
                if i == len(users) // 2:
                    sample.update(token=value, username=name)
                m = mac.copy()
                m.update(value.encode())
                yield (tid, uid, f"bulk-{i}", f"bulk-{i}", "read", m.hexdigest(), pepper_id,
                       value[:6] + "\u2026" + value[-4:], now)
        db.executemany("INSERT INTO access_tokens (id, user_id, name, name_key, role, digest, pepper_id, hint,"
                       " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", tokens())

        def repos():
            for i, rid in enumerate(row_ids(size["repositories"])):
                ns = ORG if i % 2 == 0 else users[i % len(users)][1]
                kind = "dataset" if i % 4 == 3 else "model"
                name = f"{kind}-{i:06d}"
                yield (rid, kind, ns, ns, name, name, int(i % 10 == 0), now - i, now - i)
        db.executemany("INSERT INTO repos (id, type, namespace, namespace_key, name, name_key, is_private,"
                       " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", repos())
        db.execute("COMMIT")
    finally:
        db.close()
    return time.monotonic() - started, sample


def timed(url, token):
    started = time.perf_counter()
    status, _, _ = request(url, "GET", token)
    if status != 200:
        raise SystemExit(f"GET {url}: {status}")
    return (time.perf_counter() - started) * 1000


def setup(name, size, root, jar, work):
    """A hub of the given size, served, with the measured repository; returns it and what was learnt."""
    hub = httpbench.Hub(root, jar, os.path.join(work, name))
    os.makedirs(hub.work)
    hub.db = []
    info = {"size": size}
    log(f"{name}: preparing ({size['tokens']} tokens, {size['repositories']} repositories,"
        f" an organization of {size['org_members']} members)…")
    hub.prepare()
    hub.cli("admin", "org", "create", "--name", ORG, "--owner", NS)
    info["seed_seconds"], sample = seed(hub, size)
    info["database_mib"] = os.path.getsize(os.path.join(hub.data, "hubkeep.db")) / 2**20
    log(f"{name}: seeded in {info['seed_seconds']:.1f} s ({info['database_mib']:.0f} MiB)")
    hub.serve()
    hub.populate(organization=ORG, private=True)
    # Once more from a start, so the first requests meet empty caches (and a cold JVM).
    hub.stop()
    hub.serve()
    info["first_request_ms"] = {path: timed(hub.url + PATHS[path][1], hub.token) for path in PATHS}
    hub.sample = sample
    return hub, info


def check_answers(hub, small):
    """Both hubs answer alike; the bulk token signs in as its owner (the seeded digests are right)."""
    for path, (method, p) in PATHS.items():
        a, b = request(hub.url + p, method, hub.token), request(small.url + p, method, small.token)
        if a[0] != 200 or b[0] != 200 or (path != "whoami" and a[2] != b[2]):
            raise SystemExit(f"{path}: the hubs answer differently ({a[0]} vs {b[0]})")


def first_use_of_another_token(hub):
    started = time.perf_counter()
    _, _, body = request(hub.url + "/api/whoami-v2", "GET", hub.sample["token"])
    ms = (time.perf_counter() - started) * 1000
    if json.loads(body)["name"] != hub.sample["username"]:
        raise SystemExit("a seeded token signed in as someone else")
    return ms


def main():
    root, jar = sys.argv[1], sys.argv[2]
    if os.environ.get("BENCH_DATABASE_URL"):
        raise SystemExit("the scale bench seeds SQLite databases directly: unset BENCH_DATABASE_URL")
    small_size = sizes("BENCH_SCALE_SMALL", "1000,1000,1000")
    large_size = sizes("BENCH_SCALE_LARGE", "1000000,100000,10000")
    # More and shorter rounds than httpbench.py's: a p99 moves with outside load more than req/s does,
    # and each round's ratio compares two runs only seconds apart.
    rounds = int(os.environ.get("BENCH_ROUNDS", "5"))
    seconds = int(os.environ.get("BENCH_SECONDS", "6"))
    warmup = int(os.environ.get("BENCH_WARMUP", "10"))
    connections = int(os.environ.get("BENCH_CONNECTIONS", "64"))
    work = tempfile.mkdtemp(prefix="hubkeep-scale-bench.")
    hubs = {}
    try:
        info = {}
        for name, size in (("small", small_size), ("large", large_size)):
            hubs[name], info[name] = setup(name, size, root, jar, work)
        check_answers(hubs["large"], hubs["small"])
        # Every path on both hubs before any is measured: the first path measured would otherwise
        # share the cores with the other paths' JIT compilation.
        for path, (method, p) in PATHS.items():
            log(f"{path}: {method} {p}, warming up both…")
            for hub in hubs.values():
                httpbench.load(hub.url + p, method, hub.token, warmup, connections, hub.work)
        results = {}
        for path, (method, p) in PATHS.items():
            log(f"{path}: measuring")
            runs = {"small": [], "large": []}
            for r in range(rounds):
                # Which hub goes first alternates, so neither always follows the other's load.
                for name in (("small", "large") if r % 2 == 0 else ("large", "small")):
                    hub = hubs[name]
                    before, cpu = hub.statements(), cpu_seconds(hub)
                    run = httpbench.load(hub.url + p, method, hub.token, seconds, connections, hub.work)
                    run["db_statements"] = hub.statements() - before
                    run["hub_cpu_seconds"] = cpu_seconds(hub) - cpu
                    runs[name].append(run)
                log(f"  round {r + 1}: p99 small {runs['small'][-1]['p99_ms']:.2f} ms,"
                    f" large {runs['large'][-1]['p99_ms']:.2f} ms")
            results[path] = summarize(method, p, runs)
        for name, hub in hubs.items():
            info[name]["first_use_of_another_token_ms"] = first_use_of_another_token(hub)
        print_table(results, info, connections)
        httpbench.write_json(root, results, {"rounds": rounds, "seconds": seconds, "warmup": warmup,
                                             "connections": connections, "threads": 2, "database": "sqlite"},
                             prefix="scale", extra={"hubs": info})
        return 0 if all(r["met"] for r in results.values()) else 1
    finally:
        for hub in hubs.values():
            hub.stop()
        if os.environ.get("BENCH_KEEP"):
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def summarize(method, path, runs):
    out = {"method": method, "path": path, "goal_p99_ratio": GOAL, "runs": runs}
    for name, rs in runs.items():
        requests = sum(r["requests"] for r in rs)
        statements = sum(r["db_statements"] for r in rs)
        cpu = sum(r["hub_cpu_seconds"] for r in rs)
        out[name] = {"rps": statistics.median(r["rps"] for r in rs),
                     "p50_ms": statistics.median(r["p50_ms"] for r in rs),
                     "p99_ms": statistics.median(r["p99_ms"] for r in rs),
                     "db_statements_per_request": statements / requests if requests else None,
                     "cpu_us_per_request": cpu / requests * 1e6 if requests else None,
                     "non_2xx": sum(r["non_2xx"] for r in rs)}
    # Each round's ratio, then their median: the two halves of a round ran seconds apart, under the
    # same outside load (as httpbench.py does for its ratios).
    out["p99_ratio"] = statistics.median(l["p99_ms"] / s["p99_ms"] for s, l in zip(runs["small"], runs["large"]))
    out["cpu_ratio"] = out["large"]["cpu_us_per_request"] / out["small"]["cpu_us_per_request"]
    out["met"] = out["p99_ratio"] <= GOAL and out["small"]["non_2xx"] == 0 and out["large"]["non_2xx"] == 0
    return out


def print_table(results, info, connections):
    print(f"\nwrk -t2 -c{connections}, loopback; medians of the rounds; small = {describe(info['small']['size'])},"
          f" large = {describe(info['large']['size'])}")
    print(f"{'bench':12} {'small p99':>10} {'large p99':>10} {'ratio':>7} {'small req/s':>12} {'large req/s':>12}"
          f" {'CPU us/req s/l':>15} {'stmts/req s/l':>14}  goal")
    for name, r in results.items():
        s, l = r["small"], r["large"]
        verdict = "met" if r["met"] else "MISSED"
        if s["non_2xx"] or l["non_2xx"]:
            verdict += f", {s['non_2xx'] + l['non_2xx']} non-2xx answers"
        print(f"{name:12} {s['p99_ms']:8.2f}ms {l['p99_ms']:8.2f}ms {r['p99_ratio']:6.2f}x {s['rps']:12.0f}"
              f" {l['rps']:12.0f} {s['cpu_us_per_request']:7.1f}/{l['cpu_us_per_request']:<7.1f}"
              f" {s['db_statements_per_request']:6.4f}/{l['db_statements_per_request']:.4f}"
              f"  p99 <= {GOAL}x: {verdict}")
    print("CPU us/req: the hub's CPU time (all its threads, GC and JIT included) per request, large/small: "
          + ", ".join(f"{name} {r['cpu_ratio']:.2f}x" for name, r in results.items())
          + " (a p99 here moves with outside load far more than this does)")
    for name in ("small", "large"):
        i = info[name]
        first = ", ".join(f"{p} {ms:.0f} ms" for p, ms in i["first_request_ms"].items())
        print(f"{name}: seeded in {i['seed_seconds']:.1f} s ({i['database_mib']:.0f} MiB); first requests after"
              f" a start: {first}; first use of another token on the warm hub:"
              f" {i['first_use_of_another_token_ms']:.1f} ms")


def describe(size):
    return f"{size['tokens']} tokens, {size['repositories']} repos, org of {size['org_members']}"


if __name__ == "__main__":
    sys.exit(main())
