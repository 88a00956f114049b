# Drives the files API of a running Hubkeep with the real huggingface_hub client: creates a private
# model repo of alice, uploads (inline, through LFS, a whole folder), lists, downloads into the cache
# and into a local folder, reads history and refs, makes and removes a branch and a tag, and checks
# the errors the client raises. Each step is recorded as {step, ok, detail}; the last line printed is
# {"repo": ..., "steps": [...]} for the Java test that runs this script (HubPythonFilesIT).
#
# Environment: HUB_URL, HF_TOKEN (alice, write), HF_READ_TOKEN (alice, read), HF_OTHER_TOKEN (bob, no
# access to alice's repos), WORK_DIR (a folder this script may write to), optionally HF_HOME (else a
# folder under WORK_DIR) and STEP_TIMEOUT_S.
import hashlib
import io
import json
import os
import re
import secrets
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

hub_url = os.environ.get("HUB_URL", "").rstrip("/")
access_token = os.environ.get("HF_TOKEN")
read_token = os.environ.get("HF_READ_TOKEN")
other_token = os.environ.get("HF_OTHER_TOKEN")
work_dir = Path(os.environ.get("WORK_DIR") or tempfile.mkdtemp(prefix="hubkeep-py-files-"))
STEP_TIMEOUT_S = float(os.environ.get("STEP_TIMEOUT_S", "120"))

# The client reads these when it is imported.
# - HF_ENDPOINT: whatever it fetches on its own (rather than through HfApi's endpoint) goes to the hub
#   under test, never to the public Hub.
# - HF_HOME: no token, cache or settings of whoever runs the tests.
# - HF_HUB_DISABLE_XET: this journey checks the LFS batch API path (preupload, basic and multipart
#   uploads); xet.py runs the client at its defaults, through Xet.
os.environ["HF_ENDPOINT"] = hub_url
os.environ["HF_HOME"] = os.environ.get("HF_HOME") or str(work_dir / "hf-home")
os.environ["HF_HUB_DISABLE_XET"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
os.environ["HF_HUB_DISABLE_IMPLICIT_TOKEN"] = "1"

import httpx2 as httpx  # noqa: E402  (huggingface_hub 2 speaks httpx2, the maintained fork of httpx)

import huggingface_hub  # noqa: E402
from huggingface_hub import CommitOperationAdd, HfApi, constants, hf_hub_download, snapshot_download  # noqa: E402
from huggingface_hub.errors import (  # noqa: E402
    EntryNotFoundError,
    HfHubHTTPError,
    RemoteEntryNotFoundError,
    RepositoryNotFoundError,
    RevisionNotFoundError,
)

# ---- what went over the wire, per step ----
wire = []
wire_lock = threading.Lock()


class RecordingTransport(httpx.BaseTransport):
    """Forwards every request and notes what the client sent and what the server answered."""

    def __init__(self):
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request):
        url = request.url
        same_origin = hub_url and str(url).startswith(hub_url)
        entry = {
            "method": request.method,
            "path": (url.raw_path.decode("ascii") if same_origin else str(url)),
            "auth": "authorization" in request.headers,
        }
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("application/x-ndjson"):
            # The commit body is a generator: read it here, note the keys of its lines, send the bytes.
            body = b"".join(request.stream)
            request.stream = httpx.ByteStream(body)
            entry["bodyLength"] = len(body)
            keys = []
            for line in body.decode("utf-8", "replace").splitlines():
                try:
                    keys.append(json.loads(line).get("key"))
                except ValueError:
                    keys.append("unparsable")
            entry["ndjsonKeys"] = keys
        elif "content-length" in request.headers:
            entry["bodyLength"] = int(request.headers["content-length"])
        with wire_lock:
            wire.append(entry)
        try:
            response = self.inner.handle_request(request)
        except Exception as error:
            entry["error"] = repr(error)
            raise
        entry["status"] = response.status_code
        for header in ("location", "x-error-code", "x-error-message", "x-repo-commit", "etag", "x-linked-etag",
                       "x-linked-size"):
            if header in response.headers:
                entry[header] = response.headers[header]
        is_batch = entry["path"].split("?")[0].endswith("/info/lfs/objects/batch")
        small = int(response.headers.get("content-length") or 0) < 100_000
        if response.status_code >= 400 or (is_batch and small):
            # Small answers only, and read here so the client still gets the same bytes.
            body = response.read()
            text = body.decode("utf-8", "replace")
            if response.status_code >= 400:
                entry["body"] = text[:1000]
            if is_batch and response.status_code == 200:
                try:
                    batch = json.loads(text)
                    entry["batch"] = {
                        "transfer": batch.get("transfer"),
                        "objects": [
                            {
                                "oid": o.get("oid"),
                                "size": o.get("size"),
                                "actions": sorted((o.get("actions") or {}).keys()),
                                "error": o.get("error"),
                            }
                            for o in batch.get("objects") or []
                        ],
                    }
                except ValueError:
                    entry["batch"] = "unparsable: " + text[:300]
            response = httpx.Response(
                status_code=response.status_code,
                headers=response.headers,
                content=body,
                request=request,
                extensions=response.extensions,
            )
        return response

    def close(self):
        self.inner.close()


def recording_client():
    hooks = []
    try:  # the client's own request hook (request ids, offline mode), where this version has it
        from huggingface_hub.utils._http import hf_request_event_hook

        hooks.append(hf_request_event_hook)
    except ImportError:
        pass
    return httpx.Client(
        transport=RecordingTransport(),
        event_hooks={"request": hooks},
        follow_redirects=True,
        timeout=httpx.Timeout(STEP_TIMEOUT_S, connect=10),
    )


huggingface_hub.set_client_factory(recording_client)


# ---- steps ----
steps = []


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def status_of(error):
    response = getattr(error, "response", None)
    return getattr(response, "status_code", None)


def error_info(error):
    info = {
        "error": type(error).__name__,
        "status": status_of(error),
        "message": str(error)[:2000],
    }
    server_message = getattr(error, "server_message", None)
    if server_message:
        info["serverMessage"] = server_message
    if not isinstance(error, (CheckFailed, HfHubHTTPError)):
        info["trace"] = traceback.format_exception(error)[-6:]
    return info


def step(name, body):
    """Runs one step; body returns the detail to record and raises (CheckFailed or anything) to fail it."""
    global wire
    with wire_lock:
        wire = []
    observed = {}
    outcome = {}

    def run():
        try:
            outcome["detail"] = body(observed) or {}
        except BaseException as error:  # noqa: BLE001 - every failure is recorded
            outcome["error"] = error

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(STEP_TIMEOUT_S)
    with wire_lock:
        seen = list(wire)
    if worker.is_alive():
        steps.append({"step": name, "ok": False,
                      "detail": {**observed, "error": "Timeout",
                                 "message": f"step did not finish in {STEP_TIMEOUT_S} s", "wire": seen}})
    elif "error" in outcome:
        steps.append({"step": name, "ok": False, "detail": {**observed, **error_info(outcome["error"]), "wire": seen}})
    else:
        steps.append({"step": name, "ok": True, "detail": {**observed, **outcome["detail"]}})


def expect_error(error_class, status, call):
    """Runs call, expecting it to raise error_class with that HTTP status; returns what was raised."""
    try:
        result = call()
    except Exception as error:  # noqa: BLE001
        info = error_info(error)
        check(isinstance(error, error_class),
              f"expected {error_class.__name__} {status}, got {info['error']} {info['status']}: {info['message']}")
        check(status_of(error) == status,
              f"expected {error_class.__name__} {status}, got status {info['status']}: {info['message']}")
        return info
    raise CheckFailed(f"expected {error_class.__name__} {status}, but the call returned {result!r}")


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def git_blob_sha1(data):
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def is_commit_id(value):
    return isinstance(value, str) and re.fullmatch(r"[0-9a-f]{40}", value) is not None


def files_under(root):
    """Relative paths of the files under root (following the cache's symlinks), without the client's own
    .cache folder that a local_dir download keeps."""
    found = []
    for path in sorted(Path(root).rglob("*")):
        relative = path.relative_to(root).as_posix()
        if relative.startswith(".cache/") or relative == ".cache" or not path.is_file():
            continue
        found.append(relative)
    return found


def wire_with(fragment, method=None):
    return [w for w in wire if fragment in w["path"] and (method is None or w["method"] == method)]


# ---- the content this script uploads ----
suffix = f"{int(time.time() * 1000):x}-{secrets.token_hex(3)}"
repo_id = f"alice/py-files-{suffix}"
missing_repo_id = f"alice/missing-{suffix}"

readme = (
    f"---\nlicense: apache-2.0\ntags:\n- hubkeep-acceptance\n---\n\n# py-files-{suffix}\n\n"
    "Uploaded by acceptance/python/files.py.\n"
).encode()
weights = os.urandom(12 * 1024 * 1024)
weights_sha256 = sha256(weights)
folder_files = {
    "config.json": json.dumps({"suffix": suffix, "layers": 2}).encode() + b"\n",
    "nested/a.txt": f"nested file a, {suffix}\n".encode(),
    "nested/deeper/b.txt": f"nested deeper file b, {suffix}\n".encode(),
    "nested/delete-me.txt": f"deleted again, {suffix}\n".encode(),
}
FOLDER_IN_REPO = "assets"
MANY_FILES = 120
EXTRA_COMMITS = 50
DELETED = f"{FOLDER_IN_REPO}/nested/delete-me.txt"

titles = {
    "readme": "Add a README with metadata",
    "weights": "Add 12 MB of weights through LFS",
    "folder": "Upload a folder with nested files",
    "delete": "Delete assets/nested/delete-me.txt again",
}
# What main should hold once every upload is done (besides what the server made with the repo, e.g.
# .gitattributes), and at the end, after the delete.
expected_main = {"README.md": readme, "weights/model.bin": weights}
expected_main.update({f"{FOLDER_IN_REPO}/{p}": data for p, data in folder_files.items()})
commits_on_main = []  # {"title", "oid"}, oldest first, for the commits that succeeded
state = {}


def run():
    api = HfApi(endpoint=hub_url, token=access_token)
    read_api = HfApi(endpoint=hub_url, token=read_token)
    other_api = HfApi(endpoint=hub_url, token=other_token)

    def whoami(observed):
        me = api.whoami()
        access = (me.get("auth") or {}).get("accessToken") or {}
        check(me.get("name") == "alice", f"whoami name is {me.get('name')}")
        check(access.get("role") == "write", f"token role is {access.get('role')}")
        return {"name": me["name"], "type": me.get("type"), "tokenRole": access.get("role")}

    step("whoami", whoami)

    def create_repo(observed):
        url = api.create_repo(repo_id, private=True)
        observed["url"] = str(url)
        check(url.repo_id == repo_id, f"RepoUrl.repo_id is {url.repo_id}")
        check(url.repo_type == "model", f"RepoUrl.repo_type is {url.repo_type}")
        check(str(url).rstrip("/").endswith(f"/{repo_id}"), f"RepoUrl {url} does not end with /{repo_id}")
        check(url.endpoint == hub_url, f"RepoUrl.endpoint is {url.endpoint}, hub at {hub_url}")
        again = api.create_repo(repo_id, private=True, exist_ok=True)
        check(again.repo_id == repo_id, f"create_repo(exist_ok=True) gave {again.repo_id}")
        return {"repo": repo_id}

    step("createRepo", create_repo)

    def repo_info(observed):
        info = api.repo_info(repo_id)
        model = api.model_info(repo_id)
        observed["info"] = {"id": info.id, "sha": info.sha, "private": info.private,
                            "siblings": [s.rfilename for s in info.siblings or []]}
        check(info.id == repo_id, f"repo_info id is {info.id}")
        check(info.private is True, f"repo_info private is {info.private}")
        check(is_commit_id(info.sha), f"repo_info sha is {info.sha}")
        check(isinstance(info.siblings, list), f"repo_info siblings is {info.siblings!r}")
        check(model.id == repo_id and model.sha == info.sha, f"model_info {model.id} at {model.sha}")
        check([s.rfilename for s in model.siblings] == observed["info"]["siblings"],
              f"model_info siblings {[s.rfilename for s in model.siblings]}")
        extra = [s for s in observed["info"]["siblings"] if s != ".gitattributes"]
        check(not extra, f"a new repo holds {extra}")
        state["initial_sha"] = info.sha
        return {}

    step("repoInfo_newRepo", repo_info)

    def upload_readme(observed):
        out = api.upload_file(path_or_fileobj=readme, path_in_repo="README.md", repo_id=repo_id,
                              commit_message=titles["readme"])
        observed["commit"] = {"oid": out.oid, "url": out.commit_url}
        check(is_commit_id(out.oid), f"commit oid is {out.oid}")
        commits_on_main.append({"title": titles["readme"], "oid": out.oid})
        validate = wire_with("/api/validate-yaml", "POST")
        check(validate and validate[0]["status"] == 200, f"validate-yaml {validate}")
        commit = wire_with("/commit/main", "POST")
        check(commit and commit[0].get("ndjsonKeys") == ["header", "file"], f"commit request {commit}")
        check(not wire_with("/info/lfs/"), "a 300-byte README went through LFS")
        return {"wire": wire}

    step("uploadFile_readme", upload_readme)

    def upload_invalid_readme(observed):
        bad = b"---\nlicense: [apache-2.0\ntags: {\n---\n\n# broken front matter\n"
        try:
            out = api.upload_file(path_or_fileobj=bad, path_in_repo="README.md", repo_id=repo_id,
                                  commit_message="must not be committed")
        except ValueError as error:  # the client turns validate-yaml's 400 into a ValueError
            observed["error"] = error_info(error)
            check("Invalid metadata in README.md" in str(error), f"ValueError {error}")
            validate = wire_with("/api/validate-yaml", "POST")
            check(validate and validate[0]["status"] == 400, f"validate-yaml {validate}")
            check(not wire_with("/commit/"), "the client committed after validate-yaml refused")
            return {"wire": wire}
        raise CheckFailed(f"a README with broken YAML was committed as {out.oid}")

    step("uploadFile_invalidReadme_refused", upload_invalid_readme)

    def upload_weights(observed):
        path = work_dir / "model.bin"
        path.write_bytes(weights)
        observed["sha256"] = weights_sha256
        observed["size"] = len(weights)
        out = api.upload_file(path_or_fileobj=str(path), path_in_repo="weights/model.bin", repo_id=repo_id,
                              commit_message=titles["weights"])
        observed["commit"] = {"oid": out.oid}
        check(is_commit_id(out.oid), f"commit oid is {out.oid}")
        commits_on_main.append({"title": titles["weights"], "oid": out.oid})
        check(not [w for w in wire if "xet" in w["path"].lower()], "the client went to a xet endpoint")
        preupload = wire_with("/preupload/", "POST")
        check(preupload and preupload[0]["status"] == 200, f"preupload {preupload}")
        batch = wire_with("/info/lfs/objects/batch", "POST")
        check(batch and batch[0]["status"] == 200, f"LFS batch {batch}")
        check(batch[0]["batch"]["transfer"] == "multipart", f"LFS transfer {batch[0]['batch']}")
        # 12 MB goes in parts (the Hub's multipart transfer): each PUT to its own link, then the completion.
        put = [w for w in wire if w["method"] == "PUT"]
        check(len(put) > 1 and all(200 <= w["status"] < 300 for w in put), f"LFS part PUTs {put}")
        check(sum(w.get("bodyLength") or 0 for w in put) == len(weights), f"parts of {[w.get('bodyLength') for w in put]} bytes")
        check(all(w.get("etag") for w in put), f"part ETags {put}")
        completion = [w for w in wire if w["method"] == "POST" and "/complete" in w["path"]]
        check(completion and completion[0]["status"] == 200, f"multipart completion {completion}")
        commit = wire_with("/commit/main", "POST")
        check(commit and commit[0].get("ndjsonKeys") == ["header", "lfsFile"], f"commit request {commit}")
        check(commit[0]["bodyLength"] < 10_000, f"commit body of {commit[0]['bodyLength']} bytes: inline")
        infos = api.get_paths_info(repo_id, ["weights/model.bin"])
        check(len(infos) == 1 and infos[0].lfs is not None, f"paths-info {infos}")
        lfs = infos[0].lfs
        observed["lfs"] = dict(lfs)
        check(lfs.sha256 == weights_sha256, f"lfs sha256 {lfs.sha256}, uploaded {weights_sha256}")
        check(lfs.size == len(weights), f"lfs size {lfs.size}, uploaded {len(weights)}")
        return {"wire": wire}

    step("uploadFile_lfs", upload_weights)

    def upload_folder(observed):
        folder = work_dir / "folder"
        for relative, data in folder_files.items():
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_bytes(data)
        out = api.upload_folder(folder_path=str(folder), path_in_repo=FOLDER_IN_REPO, repo_id=repo_id,
                                commit_message=titles["folder"])
        observed["commit"] = {"oid": out.oid}
        check(is_commit_id(out.oid), f"commit oid is {out.oid}")
        commits_on_main.append({"title": titles["folder"], "oid": out.oid})
        commit = wire_with("/commit/main", "POST")
        keys = commit[0].get("ndjsonKeys") if commit else None
        check(keys == ["header"] + ["file"] * len(folder_files), f"commit request {commit}")
        return {"wire": wire}

    step("uploadFolder_nested", upload_folder)

    def tree_recursive(observed):
        tree = list(api.list_repo_tree(repo_id, recursive=True))
        observed["tree"] = [
            {"path": e.path, "size": getattr(e, "size", None), "lfs": dict(e.lfs) if getattr(e, "lfs", None) else None}
            for e in tree
        ]
        files = {e.path: e for e in tree if hasattr(e, "blob_id")}
        folders = sorted(e.path for e in tree if hasattr(e, "tree_id"))
        for path, data in expected_main.items():
            check(path in files, f"{path} is missing from the tree")
            check(files[path].size == len(data), f"{path} has size {files[path].size}, uploaded {len(data)}")
        extra = [p for p in files if p not in expected_main and p != ".gitattributes"]
        check(not extra, f"unexpected files in the tree: {extra}")
        wanted = ["assets", "assets/nested", "assets/nested/deeper", "weights"]
        check(folders == wanted, f"folders in the tree: {folders}, expected {wanted}")
        check(files["README.md"].blob_id == git_blob_sha1(readme),
              f"README.md blob_id {files['README.md'].blob_id}, git blob sha1 {git_blob_sha1(readme)}")
        check(files["README.md"].lfs is None, "README.md has an lfs entry")
        lfs = files["weights/model.bin"].lfs
        check(lfs is not None and lfs.sha256 == weights_sha256, f"weights/model.bin lfs {lfs}")
        check(lfs.size == len(weights) and 0 < lfs.pointer_size < 300, f"weights/model.bin lfs {lfs}")
        return {}

    step("listRepoTree_recursive", tree_recursive)

    def tree_one_level(observed):
        top = sorted(f"{type(e).__name__}:{e.path}" for e in api.list_repo_tree(repo_id))
        nested = sorted(f"{type(e).__name__}:{e.path}" for e in api.list_repo_tree(repo_id, path_in_repo="assets/nested"))
        observed.update(top=top, nested=nested)
        for wanted in ("RepoFile:README.md", "RepoFolder:assets", "RepoFolder:weights"):
            check(wanted in top, f"{wanted} is not at the top level")
        check(not [p for p in top if "/" in p.split(":", 1)[1]], "the top level listing went into folders")
        wanted_nested = ["RepoFile:assets/nested/a.txt", "RepoFile:assets/nested/delete-me.txt",
                         "RepoFolder:assets/nested/deeper"]
        check(nested == wanted_nested, f"assets/nested lists {nested}")
        return {}

    step("listRepoTree_oneLevel", tree_one_level)

    def paths_info(observed):
        infos = api.get_paths_info(repo_id, ["README.md", "weights/model.bin", "assets/nested", "no/such/file.txt"],
                                   expand=True)
        observed["infos"] = [
            {"type": type(i).__name__, "path": i.path, "size": getattr(i, "size", None),
             "lfs": dict(i.lfs) if getattr(i, "lfs", None) else None,
             "lastCommit": {"oid": i.last_commit.oid, "title": i.last_commit.title,
                            "date": i.last_commit.date.isoformat()} if i.last_commit else None}
            for i in infos
        ]
        by_path = {i.path: i for i in infos}
        check(sorted(by_path) == ["README.md", "assets/nested", "weights/model.bin"],
              f"{sorted(by_path)} for 3 existing and 1 missing path")
        readme_info, weights_info, folder_info = (by_path["README.md"], by_path["weights/model.bin"],
                                                  by_path["assets/nested"])
        check(type(folder_info).__name__ == "RepoFolder", f"assets/nested is a {type(folder_info).__name__}")
        check(readme_info.size == len(readme) and readme_info.blob_id == git_blob_sha1(readme), f"README.md {readme_info}")
        check(weights_info.lfs is not None and weights_info.lfs.sha256 == weights_sha256, f"weights {weights_info}")
        for info, title in ((readme_info, titles["readme"]), (weights_info, titles["weights"]),
                            (folder_info, titles["folder"])):
            check(info.last_commit is not None, f"{info.path} has no last commit")
            check(info.last_commit.title == title, f"{info.path} last commit title {info.last_commit.title!r}")
            made = [c["oid"] for c in commits_on_main if c["title"] == title]
            check(not made or made[0] == info.last_commit.oid, f"{info.path} last commit {info.last_commit.oid}, made {made}")
        return {}

    step("getPathsInfo_expand", paths_info)

    def model_info_after_uploads(observed):
        info = api.model_info(repo_id, files_metadata=True)
        siblings = {s.rfilename: s for s in info.siblings}
        observed["info"] = {"sha": info.sha, "siblings": sorted(siblings),
                            "cardData": info.card_data.to_dict() if info.card_data else None}
        check(info.sha == commits_on_main[-1]["oid"], f"sha {info.sha}, last commit {commits_on_main[-1]['oid']}")
        for path, data in expected_main.items():
            check(path in siblings, f"{path} is not a sibling")
            check(siblings[path].size == len(data), f"{path} sibling size {siblings[path].size}")
        lfs = siblings["weights/model.bin"].lfs
        check(lfs is not None and lfs.sha256 == weights_sha256, f"weights/model.bin sibling lfs {lfs}")
        return {}

    step("modelInfo_afterUploads", model_info_after_uploads)

    def card_data(observed):
        # The Hub hands back README.md's front matter as cardData; the client parses it into card_data.
        info = api.model_info(repo_id)
        observed["cardData"] = info.card_data.to_dict() if info.card_data else None
        check(info.card_data is not None, "model_info has no card_data (the answer had no cardData)")
        check(info.card_data.get("license") == "apache-2.0", f"card_data license {info.card_data.get('license')}")
        check(info.card_data.get("tags") == ["hubkeep-acceptance"], f"card_data tags {info.card_data.get('tags')}")
        return {"wire": wire}

    step("modelInfo_cardDataFromReadme", card_data)

    def download_files(observed):
        got = {}
        for path in ("README.md", "weights/model.bin", "assets/nested/deeper/b.txt"):
            local = hf_hub_download(repo_id, path, token=access_token)
            data = Path(local).read_bytes()
            got[path] = {"local": local, "size": len(data), "sha256": sha256(data)}
            check(sha256(data) == sha256(expected_main[path]),
                  f"{path}: downloaded {len(data)} bytes (sha256 {sha256(data)}), uploaded {len(expected_main[path])}")
        observed["files"] = got
        storage = Path(constants.HF_HUB_CACHE) / f"models--alice--py-files-{suffix}"
        head = (storage / "refs" / "main").read_text().strip()
        check(head == commits_on_main[-1]["oid"], f"refs/main in the cache is {head}")
        blobs = sorted(p.name for p in (storage / "blobs").iterdir())
        observed["blobs"] = blobs
        check(weights_sha256 in blobs, f"no cache blob named by the LFS sha256 {weights_sha256}")
        check(git_blob_sha1(readme) in blobs, f"no cache blob named by README.md's git oid {git_blob_sha1(readme)}")
        heads = wire_with("/resolve/", "HEAD")
        check(heads and all(h.get("x-repo-commit") == head for h in heads), f"HEAD requests {heads}")
        return {"wire": wire}

    step("hfHubDownload_cache", download_files)

    def download_by_commit(observed):
        first = commits_on_main[0]
        check(first["title"] == titles["readme"], f"first commit {first}")
        local = hf_hub_download(repo_id, "README.md", revision=first["oid"], token=access_token,
                                local_dir=str(work_dir / "at-first-commit"))
        check(Path(local).read_bytes() == readme, "README.md at its commit differs")
        expect_error(RemoteEntryNotFoundError, 404, lambda: hf_hub_download(
            repo_id, "weights/model.bin", revision=first["oid"], token=access_token))
        return {"revision": first["oid"]}

    step("hfHubDownload_atEarlierCommit", download_by_commit)

    def snapshot_local_dir(observed):
        target = work_dir / "snapshot-local"
        folder = snapshot_download(repo_id, local_dir=str(target), token=access_token)
        observed["folder"] = folder
        files = files_under(target)
        observed["files"] = files
        for path, data in expected_main.items():
            check(path in files, f"{path} is not in {target}")
            check((target / path).read_bytes() == data, f"{path} in {target} differs from what was uploaded")
        extra = [p for p in files if p not in expected_main and p != ".gitattributes"]
        check(not extra, f"unexpected files: {extra}")
        return {}

    step("snapshotDownload_localDir", snapshot_local_dir)

    def snapshot_cache(observed):
        cache = work_dir / "snapshot-cache"
        folder = Path(snapshot_download(repo_id, cache_dir=str(cache), token=access_token))
        observed["folder"] = str(folder)
        storage = cache / f"models--alice--py-files-{suffix}"
        head = (storage / "refs" / "main").read_text().strip()
        check(folder == storage / "snapshots" / head, f"snapshot folder {folder}, refs/main {head}")
        check(head == commits_on_main[-1]["oid"], f"refs/main {head}, last commit {commits_on_main[-1]['oid']}")
        files = files_under(folder)
        observed["files"] = files
        for path, data in expected_main.items():
            check(path in files, f"{path} is not in the snapshot")
            check((folder / path).read_bytes() == data, f"{path} in the snapshot differs from what was uploaded")
        extra = [p for p in files if p not in expected_main and p != ".gitattributes"]
        check(not extra, f"unexpected files in the snapshot: {extra}")
        tree = wire_with("/tree/", "GET")
        check(tree and all(t["status"] == 200 for t in tree), f"tree requests {tree}")
        return {}

    step("snapshotDownload_cache", snapshot_cache)

    def delete_file(observed):
        out = api.delete_file(DELETED, repo_id, commit_message=titles["delete"])
        observed["commit"] = {"oid": out.oid}
        check(is_commit_id(out.oid), f"commit oid is {out.oid}")
        commits_on_main.append({"title": titles["delete"], "oid": out.oid})
        commit = wire_with("/commit/main", "POST")
        check(commit and commit[0].get("ndjsonKeys") == ["header", "deletedFile"], f"commit request {commit}")
        del expected_main[DELETED]
        check(api.file_exists(repo_id, DELETED) is False, f"{DELETED} is still there")
        check(api.file_exists(repo_id, DELETED, revision=commits_on_main[-2]["oid"]) is True,
              f"{DELETED} is gone from the commit before the delete too")
        return {"wire": wire}

    step("deleteFile", delete_file)

    def file_exists(observed):
        found = {path: api.file_exists(repo_id, path)
                 for path in ("README.md", "weights/model.bin", "assets/nested/deeper/b.txt", "no/such/file.txt")}
        observed["found"] = found
        check(found == {"README.md": True, "weights/model.bin": True, "assets/nested/deeper/b.txt": True,
                        "no/such/file.txt": False}, f"file_exists {found}")
        check(api.repo_exists(repo_id) is True, "repo_exists of the repo is not True")
        check(api.repo_exists(missing_repo_id) is False, "repo_exists of a missing repo is not False")
        check(api.revision_exists(repo_id, "main") is True, "revision_exists(main) is not True")
        check(api.revision_exists(repo_id, "no-such-branch") is False, "revision_exists(no-such-branch) is not False")
        return {}

    step("fileExists", file_exists)

    history = []

    def list_commits(observed):
        history.extend(api.list_repo_commits(repo_id))
        observed["history"] = [{"id": c.commit_id, "title": c.title, "authors": c.authors,
                                "createdAt": c.created_at.isoformat()} for c in history]
        made = [(c["oid"], c["title"]) for c in reversed(commits_on_main)]
        newest = [(c.commit_id, c.title) for c in history[: len(made)]]
        check(newest == made, f"newest first: {newest}, made: {made}")
        check(len(history) == len(made) + 1 and history[-1].commit_id == state.get("initial_sha"),
              f"{len(history)} commits; the oldest should be the repo's first commit {state.get('initial_sha')}")
        for c in history[: len(made)]:
            check("alice" in c.authors, f"{c.commit_id} authors {c.authors}")
        dates = [c.created_at for c in history]
        check(all(a >= b for a, b in zip(dates, dates[1:])), "dates are not newest first")
        return {}

    step("listRepoCommits", list_commits)

    def list_refs(observed):
        refs = api.list_repo_refs(repo_id)
        observed["refs"] = {"branches": [(b.name, b.ref, b.target_commit) for b in refs.branches],
                            "tags": [(t.name, t.ref, t.target_commit) for t in refs.tags],
                            "converts": [(c.name, c.ref) for c in refs.converts]}
        branches = {b.name: b for b in refs.branches}
        check(list(branches) == ["main"], f"branches {list(branches)}")
        check(branches["main"].ref == "refs/heads/main", f"main ref {branches['main'].ref}")
        check(branches["main"].target_commit == commits_on_main[-1]["oid"], f"main at {branches['main'].target_commit}")
        check(refs.tags == [], f"tags {refs.tags}")
        return {}

    step("listRepoRefs", list_refs)

    def branch_and_tag(observed):
        head = commits_on_main[-1]["oid"]
        first = commits_on_main[0]["oid"]
        api.create_branch(repo_id, branch="dev")
        api.create_branch(repo_id, branch="old", revision=first)
        api.create_tag(repo_id, tag="v1.0", tag_message="first release", revision="main")
        api.create_tag(repo_id, tag="first", revision=first)
        refs = api.list_repo_refs(repo_id)
        branches = {b.name: b.target_commit for b in refs.branches}
        tags = {t.name: (t.ref, t.target_commit) for t in refs.tags}
        observed.update(branches=branches, tags=tags)
        check(branches == {"main": head, "dev": head, "old": first}, f"branches {branches}")
        check(tags == {"v1.0": ("refs/tags/v1.0", head), "first": ("refs/tags/first", first)}, f"tags {tags}")
        check(api.file_exists(repo_id, "weights/model.bin", revision="v1.0") is True, "weights not at tag v1.0")
        check(api.file_exists(repo_id, "weights/model.bin", revision="old") is False, "weights on branch old")
        check(api.model_info(repo_id, revision="dev").sha == head, "model_info at dev")
        expect_error(HfHubHTTPError, 409, lambda: api.create_branch(repo_id, branch="dev"))
        api.create_branch(repo_id, branch="dev", exist_ok=True)
        api.delete_branch(repo_id, branch="dev")
        api.delete_branch(repo_id, branch="old")
        api.delete_tag(repo_id, tag="v1.0")
        api.delete_tag(repo_id, tag="first")
        refs = api.list_repo_refs(repo_id)
        after = {"branches": [b.name for b in refs.branches], "tags": [t.name for t in refs.tags]}
        observed["after"] = after
        check(after == {"branches": ["main"], "tags": []}, f"after deleting: {after}")
        expect_error(RevisionNotFoundError, 404, lambda: api.model_info(repo_id, revision="dev"))
        return {}

    step("branchAndTag_createListDelete", branch_and_tag)

    def paginated(observed):
        # Enough entries and commits for more than one page of the tree with last commits (100 a
        # page) and of the history (50 a page), on a branch of their own, removed again after.
        api.create_branch(repo_id, branch="long")
        many = {f"many/file-{i:03d}.txt": f"file {i}, {suffix}\n".encode() for i in range(MANY_FILES)}
        api.create_commit(repo_id, revision="long", commit_message="Add many files",
                          operations=[CommitOperationAdd(path, data) for path, data in many.items()])
        for i in range(EXTRA_COMMITS):
            api.create_commit(repo_id, revision="long", commit_message=f"Counter {i}",
                              operations=[CommitOperationAdd("counter.txt", f"{i}\n".encode())])
        with wire_lock:
            wire.clear()
        tree = list(api.list_repo_tree(repo_id, path_in_repo="many", revision="long", expand=True))
        tree_pages = [w["path"] for w in wire_with("/tree/long/many")]
        observed["treePages"] = tree_pages
        check(sorted(e.path for e in tree) == sorted(many), f"{len(tree)} entries listed, {len(many)} made")
        check(len({e.path for e in tree}) == len(tree), "the pages repeat entries")
        check(all(e.last_commit is not None and e.last_commit.title == "Add many files" for e in tree),
              "entries without their last commit")
        check(len(tree_pages) >= 2, f"{len(tree_pages)} tree requests: no second page was linked")
        with wire_lock:
            wire.clear()
        history = api.list_repo_commits(repo_id, revision="long")
        commit_pages = [w["path"] for w in wire_with("/commits/long")]
        observed["commitPages"] = commit_pages
        wanted = len(commits_on_main) + 1 + 1 + EXTRA_COMMITS
        check(len(history) == wanted, f"{len(history)} commits listed on long, expected {wanted}")
        check(len({c.commit_id for c in history}) == len(history), "the pages repeat commits")
        check([c.title for c in history[:2]] == [f"Counter {EXTRA_COMMITS - 1}", f"Counter {EXTRA_COMMITS - 2}"],
              f"newest on long: {[c.title for c in history[:2]]}")
        check(len(commit_pages) >= 2, f"{len(commit_pages)} commits requests: no second page was linked")
        api.delete_branch(repo_id, branch="long")
        return {}

    step("pagination_treeAndCommits", paginated)

    def auth_check(observed):
        api.auth_check(repo_id)
        api.auth_check(repo_id, write=True)
        read_api.auth_check(repo_id)
        observed["readTokenWrite"] = expect_error(HfHubHTTPError, 403, lambda: read_api.auth_check(repo_id, write=True))
        observed["otherUser"] = expect_error(RepositoryNotFoundError, 404, lambda: other_api.auth_check(repo_id))
        return {}

    step("authCheck", auth_check)

    def read_token_download(observed):
        local = hf_hub_download(repo_id, "README.md", token=read_token, local_dir=str(work_dir / "read-token"))
        check(Path(local).read_bytes() == readme, "README.md read with the read token differs")
        return {}

    step("readToken_canDownload", read_token_download)

    def missing_repo(observed):
        return {
            "repoInfo": expect_error(RepositoryNotFoundError, 404, lambda: api.repo_info(missing_repo_id)),
            "download": expect_error(RepositoryNotFoundError, 404,
                                     lambda: hf_hub_download(missing_repo_id, "README.md", token=access_token)),
        }

    step("error_missingRepo_RepositoryNotFound", missing_repo)

    # hf_hub_download falls back to what its cache holds when the hub refuses, so bob and the
    # anonymous caller each download into a cache of their own, as on their own machines.
    def other_users_repo(observed):
        return {
            "repoInfo": expect_error(RepositoryNotFoundError, 404, lambda: other_api.repo_info(repo_id)),
            "download": expect_error(RepositoryNotFoundError, 404, lambda: hf_hub_download(
                repo_id, "README.md", token=other_token, cache_dir=str(work_dir / "bob-cache"))),
            "tree": expect_error(RepositoryNotFoundError, 404, lambda: list(other_api.list_repo_tree(repo_id))),
        }

    step("error_otherUsersPrivateRepo_RepositoryNotFound", other_users_repo)

    def no_token(observed):
        # Without a token the Hub answers 401 for a private repo; the client makes that RepositoryNotFound too.
        anonymous = HfApi(endpoint=hub_url, token=False)
        return {
            "repoInfo": expect_error(RepositoryNotFoundError, 401, lambda: anonymous.repo_info(repo_id)),
            "download": expect_error(RepositoryNotFoundError, 401, lambda: hf_hub_download(
                repo_id, "README.md", token=False, cache_dir=str(work_dir / "anonymous-cache"))),
        }

    step("error_noTokenPrivateRepo_RepositoryNotFound", no_token)

    def missing_revision(observed):
        return {
            "download": expect_error(RevisionNotFoundError, 404, lambda: hf_hub_download(
                repo_id, "README.md", revision="no-such-branch", token=access_token)),
            "repoInfo": expect_error(RevisionNotFoundError, 404,
                                     lambda: api.repo_info(repo_id, revision="no-such-branch")),
            "tree": expect_error(RevisionNotFoundError, 404,
                                 lambda: list(api.list_repo_tree(repo_id, revision="no-such-branch"))),
        }

    step("error_missingRevision_RevisionNotFound", missing_revision)

    def missing_file(observed):
        download = expect_error(RemoteEntryNotFoundError, 404,
                                lambda: hf_hub_download(repo_id, "no/such/file.txt", token=access_token))
        check(issubclass(RemoteEntryNotFoundError, EntryNotFoundError), "RemoteEntryNotFoundError is no EntryNotFoundError")
        tree = expect_error(RemoteEntryNotFoundError, 404,
                            lambda: list(api.list_repo_tree(repo_id, path_in_repo="no/such/folder")))
        return {"download": download, "tree": tree}

    step("error_missingFile_EntryNotFound", missing_file)

    def read_token_upload(observed):
        info = expect_error(HfHubHTTPError, 403, lambda: read_api.upload_file(
            path_or_fileobj=b"nope\n", path_in_repo="read-token.txt", repo_id=repo_id))
        check(info["error"] == "HfHubHTTPError", f"raised {info['error']}, not the plain HfHubHTTPError")
        check(api.file_exists(repo_id, "read-token.txt") is False, "read-token.txt was committed")
        return {**info, "wire": wire}

    step("error_readTokenUpload_403", read_token_upload)


try:
    check(hub_url and access_token and read_token and other_token,
          "set HUB_URL, HF_TOKEN, HF_READ_TOKEN and HF_OTHER_TOKEN")
    run()
except Exception as error:  # noqa: BLE001
    steps.append({"step": "script", "ok": False, "detail": error_info(error)})
# Last line: what the Java test reads. Exit at once: a request stuck past its step's timeout must not
# keep the process alive.
sys.stdout.write("\n" + json.dumps({"repo": repo_id, "client": huggingface_hub.__version__, "steps": steps},
                                   default=str) + "\n")
sys.stdout.flush()
os._exit(0)
