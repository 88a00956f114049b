# Drives a running Hubkeep with the real huggingface_hub client at its DEFAULT settings (hf_xet
# installed, HF_HUB_DISABLE_XET unset): large files go up and down through Xet, as after a plain
# `pip install huggingface_hub`. Two phases, each one run of this script:
#
#   python xet.py upload   creates a private repo of alice, uploads a 50 MB file (upload_file), a folder
#                          (upload_folder) and a file with the `hf upload` command, then downloads them
#                          (hf_hub_download, snapshot_download) and compares the bytes
#   python xet.py download with HF_HUB_DISABLE_XET=1 set by the caller: the same downloads over plain
#                          HTTP, compared with what was uploaded
#
# Each step is recorded as {step, ok, detail}; the last line printed is {"repo", "files", "steps"} for
# the Java test that runs this script (HubPythonXetIT). Environment: HUB_URL, HF_TOKEN (alice, write),
# WORK_DIR, HF_HOME; for `download`, REPO (from the upload phase).
import hashlib
import json
import os
import secrets
import subprocess
import sys
import traceback
from pathlib import Path

phase = sys.argv[1]
hub_url = os.environ["HUB_URL"].rstrip("/")
token = os.environ["HF_TOKEN"]
work_dir = Path(os.environ["WORK_DIR"])

# The client reads these when it is imported: whatever it fetches on its own goes to the hub under
# test; no telemetry, no progress bars in the test's output. Xet is left as the client defaults it.
os.environ["HF_ENDPOINT"] = hub_url
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
os.environ["HF_HUB_DISABLE_IMPLICIT_TOKEN"] = "1"

from huggingface_hub import HfApi, constants, hf_hub_download, snapshot_download  # noqa: E402

api = HfApi(endpoint=hub_url, token=token)
steps = []
# The files the upload phase wrote, by path in the repo: the download phase compares with them.
files_dir = work_dir / "files"


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def step(name, body):
    try:
        steps.append({"step": name, "ok": True, "detail": body() or {}})
    except BaseException as error:  # noqa: BLE001 - every failure is recorded
        steps.append({"step": name, "ok": False, "detail": {
            "error": type(error).__name__, "message": str(error)[:2000],
            "trace": traceback.format_exception(error)[-6:]}})


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def expected_files():
    return {str(p.relative_to(files_dir)): sha256_of(p) for p in sorted(files_dir.rglob("*")) if p.is_file()}


def compare_download(path_in_repo, downloaded):
    check(sha256_of(downloaded) == sha256_of(files_dir / path_in_repo), f"{path_in_repo}: the bytes differ")


def compare_snapshot(folder):
    for path, digest in expected_files().items():
        check(sha256_of(Path(folder) / path) == digest, f"{path}: the snapshot's bytes differ")
    return {"files": len(expected_files())}


if phase == "upload":
    repo = "alice/xet-" + secrets.token_hex(4)
    files_dir.mkdir(parents=True, exist_ok=True)

    def write(path, size):
        target = files_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(os.urandom(size))

    write("model.safetensors", 50 * 1000 * 1000)
    write("folder/weights.bin", 12 * 1000 * 1000)
    (files_dir / "folder" / "config.json").write_text('{"hidden_size": 32}\n')
    write("cli/tokenizer.bin", 11 * 1000 * 1000)

    def xet_is_on():
        check(not constants.HF_HUB_DISABLE_XET, "HF_HUB_DISABLE_XET is set: this phase runs at the client's defaults")
        import hf_xet  # noqa: F401 - a default dependency; the client uploads through it
        return {"hf_xet": True}

    def create():
        api.create_repo(repo, private=True)

    def upload_file():
        info = api.upload_file(path_or_fileobj=str(files_dir / "model.safetensors"),
                               path_in_repo="model.safetensors", repo_id=repo)
        return {"commit": info.oid}

    def upload_folder():
        api.upload_folder(folder_path=str(files_dir / "folder"), path_in_repo="folder", repo_id=repo)

    def cli_upload():
        hf = Path(sys.executable).parent / "hf"
        done = subprocess.run([str(hf), "upload", repo, str(files_dir / "cli" / "tokenizer.bin"), "cli/tokenizer.bin",
                               "--token", token], capture_output=True, text=True, timeout=300, env=os.environ)
        check(done.returncode == 0, f"hf upload exited {done.returncode}: {done.stderr[-1500:]}")

    def tree_has_xet_hashes():
        entries = {f.path: f for f in api.list_repo_tree(repo, recursive=True)}
        hashes = {path: getattr(entries[path], "xet_hash", None)
                  for path in ("model.safetensors", "folder/weights.bin", "cli/tokenizer.bin")}
        check(all(hashes.values()), f"entries without xetHash (not uploaded through Xet?): {hashes}")
        return {"xetHashes": hashes}

    step("xetIsOn", xet_is_on)
    step("createRepo", create)
    step("uploadFile", upload_file)
    step("uploadFolder", upload_folder)
    step("cliUpload", cli_upload)
    step("treeHasXetHashes", tree_has_xet_hashes)
else:
    repo = os.environ["REPO"]

    def xet_is_off():
        check(constants.HF_HUB_DISABLE_XET, "this phase runs with HF_HUB_DISABLE_XET=1")

    step("xetIsOff", xet_is_off)

step("hfHubDownload", lambda: compare_download("model.safetensors", hf_hub_download(repo, "model.safetensors", token=token)))
step("hfHubDownloadCliUpload",
     lambda: compare_download("cli/tokenizer.bin", hf_hub_download(repo, "cli/tokenizer.bin", token=token)))
step("snapshotDownload", lambda: compare_snapshot(snapshot_download(
    repo, token=token, local_dir=str(work_dir / ("snapshot-" + phase)))))

print(json.dumps({"repo": repo, "files": expected_files(), "steps": steps}))
