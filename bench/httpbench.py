#!/usr/bin/env python3
"""Hubkeep's hot HTTP paths beside nginx serving the same bytes behind a fixed bearer check.

Started by bench/run (which builds the jar first). One invocation starts Hubkeep from the packaged
jar and nginx on loopback, makes a user, a write token and a repository with a small file, copies
what Hubkeep answers into nginx's document root, then measures each bench with wrk, Hubkeep and
nginx alternately, round after round. Prints Hubkeep, reference, ratio and goal per bench, and the
database statements Hubkeep ran per warm request (hubkeep_db_statements_total); writes everything
as JSON under bench/results/.

Usage: httpbench.py ROOT JAR NAME...   (names: see BENCHES; "hot" is the issue-16 set)
Environment: BENCH_ROUNDS (3), BENCH_SECONDS (10), BENCH_WARMUP (10: the JIT needs it), BENCH_CONNECTIONS (64),
BENCH_JAVA_OPTS (extra JVM options for the hub, e.g. a JFR recording), BENCH_DATABASE_URL (run the
hub on this database, e.g. a PostgreSQL URL, instead of its embedded SQLite; with BENCH_DATABASE_USER
and BENCH_DATABASE_PASSWORD), BENCH_KEEP (keep the scratch directory).
"""
import base64
import datetime
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

NS, NAME, FILE = "bench", "model", "config.json"
CONFIG_JSON = json.dumps({
    "architectures": ["BertForMaskedLM"], "hidden_size": 768, "num_attention_heads": 12,
    "num_hidden_layers": 12, "vocab_size": 30522, "model_type": "bert", "torch_dtype": "float32",
}, indent=2).encode() + b"\n"

# name -> (method, path on both servers, goal: minimum ratio of req/s, optional p99 ceiling in ms)
BENCHES = {
    "whoami": ("GET", "/api/whoami-v2", 0.6, 10.0),
    "resolve-get": ("GET", f"/{NS}/{NAME}/resolve/main/{FILE}", 0.5, None),
    "resolve-head": ("HEAD", f"/{NS}/{NAME}/resolve/main/{FILE}", 0.5, None),
    "model-info": ("GET", f"/api/models/{NS}/{NAME}", 0.4, None),
    "healthz": ("GET", "/healthz", None, None),
}
GROUPS = {"hot": ["whoami", "resolve-get", "resolve-head", "model-info"]}


def log(message):
    print(message, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise SystemExit(f"gave up waiting for {what} after {seconds} s")


def request(url, method="GET", token=None, body=None, content_type=None, secret=None):
    req = urllib.request.Request(url, method=method, data=body)
    if token or secret:
        req.add_header("Authorization", f"Bearer {token or secret}")
    if content_type:
        req.add_header("Content-Type", content_type)
    with urllib.request.urlopen(req, timeout=30) as res:
        return res.status, dict(res.headers), res.read()


class Hub:
    def __init__(self, root, jar, work):
        self.java = os.path.join(os.environ["JAVA_HOME"], "bin", "java")
        self.jar, self.work = jar, work
        self.data = os.path.join(work, "hub")
        self.db = []
        if os.environ.get("BENCH_DATABASE_URL"):
            self.db = ["--database-url", os.environ["BENCH_DATABASE_URL"]]
            if os.environ.get("BENCH_DATABASE_USER"):
                self.db += ["--database-user", os.environ["BENCH_DATABASE_USER"]]
        self.process = None

    def cli(self, *args, stdin=None):
        env = dict(os.environ)
        result = subprocess.run([self.java, "--enable-native-access=ALL-UNNAMED", "-jar", self.jar, *args,
                                 "--data", self.data, *self.db],
                                input=stdin, capture_output=True, text=True, env=env)
        if result.returncode != 0:
            raise SystemExit(f"hubkeep {' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout.strip()

    def start(self):
        self.prepare()
        self.serve()

    def prepare(self):
        """The bench account, its write token and its plan, made by the operator's commands (the first
        of which creates the database and its schema)."""
        self.cli("admin", "user", "create", "--username", NS, "--email", "bench@example.com",
                 "--password-stdin", "--verified", stdin="bench password long enough\n")
        self.token = self.cli("admin", "token", "create", "--user", NS, "--name", "bench", "--role", "write")
        # As the issue says of benchmarks: the rate limits measure nothing here (else wrk counts 429s).
        self.cli("admin", "plan", "set", "--user", NS, "unlimited")

    def serve(self):
        self.port = free_port()
        opts = os.environ.get("BENCH_JAVA_OPTS", "").split()
        self.out = open(os.path.join(self.work, "hub.out"), "w")
        self.err = open(os.path.join(self.work, "hub.log"), "w")
        self.process = subprocess.Popen(
            [self.java, "--enable-native-access=ALL-UNNAMED", *opts, "-jar", self.jar, "serve", "--data", self.data,
             *self.db, "--port", str(self.port), "--host", "127.0.0.1"],
            stdout=self.out, stderr=self.err, env=dict(os.environ))
        self.url = f"http://127.0.0.1:{self.port}"
        wait_for("the hub to listen", lambda: "listening" in open(os.path.join(self.work, "hub.out")).read(), 120)
        with open(os.path.join(self.data, "secrets", "metrics-token")) as f:
            self.scrape = f.read().strip()

    def populate(self, organization=None, private=False):
        """A repository with one small file, made through the API as a client would: the bench user's
        own, or in an organization's namespace."""
        ns = organization or NS
        spec = {"name": NAME, "type": "model"}
        if private:
            spec["private"] = True
        if organization:
            spec["organization"] = organization
        request(f"{self.url}/api/repos/create", "POST", self.token, json.dumps(spec).encode(), "application/json")
        lines = [{"key": "header", "value": {"summary": "Add config", "description": ""}},
                 {"key": "file", "value": {"path": FILE, "encoding": "base64",
                                           "content": base64.b64encode(CONFIG_JSON).decode()}}]
        body = "\n".join(json.dumps(line) for line in lines).encode() + b"\n"
        request(f"{self.url}/api/models/{ns}/{NAME}/commit/main", "POST", self.token, body, "application/x-ndjson")

    def statements(self):
        _, _, body = request(f"{self.url}/metrics", secret=self.scrape)
        match = re.search(r"^hubkeep_db_statements_total(?:\{[^}]*\})? ([0-9.eE+]+)$", body.decode(), re.M)
        return float(match.group(1)) if match else float("nan")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()


class Nginx:
    """nginx serving, for each bench, the very bytes Hubkeep answered, behind a fixed bearer check."""

    def __init__(self, work):
        self.work = os.path.join(work, "nginx")
        os.makedirs(os.path.join(self.work, "www"))
        os.makedirs(os.path.join(self.work, "body"))
        self.process = None

    def start(self, token, files):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        locations = []
        for i, (path, (content, content_type)) in enumerate(sorted(files.items())):
            name = os.path.join(self.work, "www", f"{i}.body")
            with open(name, "wb") as f:
                f.write(content)
            locations.append(f"""
    location = {path} {{
      if ($http_authorization != "Bearer {token}") {{ return 401; }}
      default_type "{content_type}";
      alias {name};
    }}""")
        t = self.work
        conf = f"""worker_processes 2;
daemon off;
pid {t}/nginx.pid;
error_log {t}/error.log warn;
{"user root;" if os.geteuid() == 0 else ""}
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {t}/body;
  fastcgi_temp_path {t}/body;
  proxy_temp_path {t}/body;
  uwsgi_temp_path {t}/body;
  scgi_temp_path {t}/body;
  keepalive_requests 1000000;
  server {{
    listen 127.0.0.1:{self.port};{"".join(locations)}
  }}
}}
"""
        with open(os.path.join(t, "nginx.conf"), "w") as f:
            f.write(conf)
        self.process = subprocess.Popen([nginx_binary(), "-c", os.path.join(t, "nginx.conf"), "-p", t],
                                        stdout=subprocess.DEVNULL, stderr=open(os.path.join(t, "stderr"), "w"))

        def up():
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return True
            except OSError:
                return False
        wait_for("nginx to listen", up, 30)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: the master stops its workers
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()


def nginx_binary():
    return shutil.which("nginx") or "/usr/sbin/nginx"


def load(url, method, token, seconds, connections, script_dir):
    """wrk for GET; wrk cannot read answers to HEAD (it waits for the body Content-Length announces), so
    HEAD is driven by ab -i -k, which reaches nginx at about wrk's rate on this machine (94k vs 96k req/s)."""
    if method == "HEAD":
        return ab_head(url, token, seconds, connections)
    script = os.path.join(script_dir, f"{method.lower()}.lua")
    if not os.path.exists(script):
        with open(script, "w") as f:
            f.write(f'wrk.method = "{method}"\nwrk.headers["Authorization"] = "Bearer {token}"\n')
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script, url],
                         capture_output=True, text=True, check=True).stdout
    return parse_wrk(out)


def ab_head(url, token, seconds, connections):
    out = subprocess.run(["ab", "-i", "-k", f"-c{connections}", f"-t{seconds}", "-n", "100000000", "-q",
                          "-H", f"Authorization: Bearer {token}", url], capture_output=True, text=True, check=True).stdout
    total = int(re.search(r"Complete requests:\s+(\d+)", out).group(1))
    bad = re.search(r"Non-2xx responses:\s+(\d+)", out)
    failed = int(re.search(r"Failed requests:\s+(\d+)", out).group(1))
    return {"rps": float(re.search(r"Requests per second:\s+([\d.]+)", out).group(1)), "requests": total,
            "p50_ms": float(re.search(r"\s50%\s+(\d+)", out).group(1)),
            "p99_ms": float(re.search(r"\s99%\s+(\d+)", out).group(1)),
            "non_2xx": (int(bad.group(1)) if bad else 0) + failed, "socket_errors": None, "client": "ab -i -k"}


def parse_wrk(out):
    def ms(value, unit):
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    p50 = ms(*re.search(r"\s50%\s+([\d.]+)(us|ms|s)\b", out).groups())
    p99 = ms(*re.search(r"\s99%\s+([\d.]+)(us|ms|s)\b", out).groups())
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "requests": total, "p50_ms": p50, "p99_ms": p99,
            "non_2xx": int(bad.group(1)) if bad else 0, "socket_errors": errors.group(1) if errors else None,
            "client": "wrk -t2"}


def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "")
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(),
            "load_average_at_start": os.getloadavg()}


def main():
    root, jar, names = sys.argv[1], sys.argv[2], sys.argv[3:]
    selected = []
    for name in names:
        for bench in GROUPS.get(name, [name]):
            if bench not in BENCHES:
                raise SystemExit(f"unknown bench {bench}: choose from {', '.join([*GROUPS, *BENCHES])}")
            if bench not in selected:
                selected.append(bench)
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
    seconds = int(os.environ.get("BENCH_SECONDS", "10"))
    warmup = int(os.environ.get("BENCH_WARMUP", "10"))
    connections = int(os.environ.get("BENCH_CONNECTIONS", "64"))
    work = tempfile.mkdtemp(prefix="hubkeep-http-bench.")
    hub, nginx = Hub(root, jar, work), Nginx(work)
    try:
        log("Starting Hubkeep…")
        hub.start()
        hub.populate()
        files = {}
        for bench in selected:
            method, path, _, _ = BENCHES[bench]
            status, headers, body = request(hub.url + path, "GET", hub.token)
            files[path] = (body, headers.get("Content-Type", "application/octet-stream").split(";")[0])
        log("Starting nginx…")
        nginx.start(hub.token, files)
        for bench in selected:  # both answer alike: same status and body
            method, path, _, _ = BENCHES[bench]
            a = request(hub.url + path, method, hub.token)
            b = request(nginx.url + path, method, hub.token)
            if a[0] != b[0] or a[2] != b[2]:
                raise SystemExit(f"{bench}: Hubkeep and nginx answer differently ({a[0]} vs {b[0]})")
        results = {}
        for bench in selected:
            method, path, goal, p99_goal = BENCHES[bench]
            log(f"{bench}: {method} {path}, warming up both…")
            load(hub.url + path, method, hub.token, warmup, connections, work)
            load(nginx.url + path, method, hub.token, warmup, connections, work)
            runs = {"hubkeep": [], "nginx": [], "statements": []}
            for r in range(rounds):
                before, cpu = hub.statements(), cpu_seconds(hub)
                h = load(hub.url + path, method, hub.token, seconds, connections, work)
                h["hub_cpu_seconds"] = cpu_seconds(hub) - cpu
                after = hub.statements()
                h["db_statements"] = after - before
                runs["hubkeep"].append(h)
                runs["nginx"].append(load(nginx.url + path, method, hub.token, seconds, connections, work))
                log(f"  round {r + 1}: Hubkeep {h['rps']:.0f} req/s, nginx {runs['nginx'][-1]['rps']:.0f} req/s")
            results[bench] = summarize(method, path, goal, p99_goal, runs)
        print_table(results, connections)
        write_json(root, results, {"rounds": rounds, "seconds": seconds, "warmup": warmup,
                                   "connections": connections, "threads": 2,
                                   "database": "postgresql" if hub.db else "sqlite"})
        return 0 if all(r["met"] for r in results.values()) else 1
    finally:
        hub.stop()
        nginx.stop()
        if os.environ.get("BENCH_KEEP"):
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def cpu_seconds(hub):
    """The hub process's CPU time so far (all its threads: requests, GC, JIT), from /proc: unlike a
    rate or a latency, what a request costs in CPU moves little when other work shares the machine."""
    with open(f"/proc/{hub.process.pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def summarize(method, path, goal, p99_goal, runs):
    hub_rps = statistics.median(r["rps"] for r in runs["hubkeep"])
    ref_rps = statistics.median(r["rps"] for r in runs["nginx"])
    hub_p99 = statistics.median(r["p99_ms"] for r in runs["hubkeep"])
    requests = sum(r["requests"] for r in runs["hubkeep"])
    statements = sum(r["db_statements"] for r in runs["hubkeep"])
    # Each round's ratio, then their median: a round's two halves ran a few seconds apart, under the
    # same outside load, so their ratio is steadier than a ratio of medians taken across rounds.
    ratio = statistics.median(h["rps"] / n["rps"] for h, n in zip(runs["hubkeep"], runs["nginx"]))
    failed = sum(r["non_2xx"] for r in runs["hubkeep"] + runs["nginx"])
    met = failed == 0 and (goal is None or ratio >= goal) and (p99_goal is None or hub_p99 <= p99_goal)
    return {"method": method, "path": path, "hubkeep_rps": hub_rps, "nginx_rps": ref_rps, "ratio": ratio,
            "hubkeep_p50_ms": statistics.median(r["p50_ms"] for r in runs["hubkeep"]),
            "hubkeep_p99_ms": hub_p99, "nginx_p99_ms": statistics.median(r["p99_ms"] for r in runs["nginx"]),
            "goal_ratio": goal, "goal_p99_ms": p99_goal, "non_2xx": failed,
            "db_statements": statements, "db_statements_per_request": statements / requests if requests else None,
            "hub_cpu_us_per_request": sum(r["hub_cpu_seconds"] for r in runs["hubkeep"]) / requests * 1e6 if requests else None,
            "met": met, "runs": runs}


def print_table(results, connections):
    print(f"\nwrk -t2 -c{connections} (HEAD: ab -i -k -c{connections}), loopback; medians of the rounds")
    print(f"{'bench':14} {'Hubkeep req/s':>14} {'nginx req/s':>12} {'ratio':>7} {'p99 ms':>8} "
          f"{'stmts/req':>10} {'cpu µs/req':>10}  goal")
    for name, r in results.items():
        goal = []
        if r["goal_ratio"] is not None:
            goal.append(f">= {r['goal_ratio']}x")
        if r["goal_p99_ms"] is not None:
            goal.append(f"p99 <= {r['goal_p99_ms']:g} ms")
        verdict = "met" if r["met"] else "MISSED"
        if r["goal_ratio"] is None and r["goal_p99_ms"] is None:
            verdict = "(reported)"
        if r["non_2xx"]:
            verdict += f", {r['non_2xx']} non-2xx answers"
        print(f"{name:14} {r['hubkeep_rps']:14.0f} {r['nginx_rps']:12.0f} {r['ratio']:6.2f}x "
              f"{r['hubkeep_p99_ms']:8.2f} {r['db_statements_per_request']:10.4f} {r['hub_cpu_us_per_request']:10.1f}"
              f"  {', '.join(goal) or '-'}: {verdict}")
    print("stmts/req: SQL statements the hub ran per request while measured (goal 0; a background flush of"
          " token last-used notes runs every 2 s); cpu µs/req: the hub's CPU time (all threads) per request,"
          " steadier than a rate when other work shares the machine (informational)")


def write_json(root, results, settings, prefix="http", extra=None):
    commit = subprocess.run(["git", "-C", root, "rev-parse", "--short=12", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", root, "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip() != ""
    now = datetime.datetime.now(datetime.timezone.utc)
    out_dir = os.path.join(root, "bench", "results")
    os.makedirs(out_dir, exist_ok=True)
    name = os.path.join(out_dir, f"{prefix}-{now.strftime('%Y%m%dT%H%M%SZ')}-{commit or 'unknown'}.json")
    with open(name, "w") as f:
        json.dump({"date": now.isoformat(), "commit": commit, "dirty": dirty, "machine": machine(),
                   "settings": settings, **(extra or {}), "results": results}, f, indent=2)
    print(f"\nwrote {os.path.relpath(name, root)}")


if __name__ == "__main__":
    sys.exit(main())
