# Reads Hubkeep's scan results with the real huggingface_hub client: uploads to a model repo of alice a
# clean README, a pickle whose reduce calls os.system (built here with the pickle module, never
# loaded) and the EICAR test file, waits until the expanded tree shows no file queued, then reads
# list_repo_tree(expand=True), get_paths_info(expand=True) and model_info(securityStatus=True) as the
# client parses them, and tries to download the infected file with a read token. The last line printed
# is {"files": {...}, "pathsInfo": {...}, "repoStatus": {...}, "download": {...}} for HubPythonScanIT.
#
# Environment: HUB_URL, HF_TOKEN (alice, write), HF_READ_TOKEN (alice, read), REPO (alice/…, existing),
# TRANSFER: "lfs" (HF_HUB_DISABLE_XET=1: binary files through the LFS batch API) or "xet" (the client's
# defaults: binary files through Xet).
import io
import json
import os
import pickle
import time

hub_url = os.environ["HUB_URL"].rstrip("/")
os.environ["HF_ENDPOINT"] = hub_url
if os.environ.get("TRANSFER", "lfs") == "lfs":
    os.environ["HF_HUB_DISABLE_XET"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
os.environ["HF_HUB_DISABLE_IMPLICIT_TOKEN"] = "1"

from huggingface_hub import HfApi, hf_hub_download  # noqa: E402
from huggingface_hub.errors import HfHubHTTPError  # noqa: E402

repo = os.environ["REPO"]
api = HfApi(endpoint=hub_url, token=os.environ["HF_TOKEN"])


class Evil:
    def __reduce__(self):
        return (os.system, ("echo pwned",))


eicar = ("X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE" + "!H+H*").encode()
api.upload_file(path_or_fileobj=io.BytesIO(b"# A model\n"), path_in_repo="README.md", repo_id=repo)
api.upload_file(path_or_fileobj=io.BytesIO(pickle.dumps(Evil(), protocol=4)), path_in_repo="model.pkl", repo_id=repo)
api.upload_file(path_or_fileobj=io.BytesIO(eicar), path_in_repo="eicar.com", repo_id=repo)

deadline = time.time() + 60
while True:
    entries = [e for e in api.list_repo_tree(repo, expand=True) if hasattr(e, "security")]
    if all(e.security is not None and e.security["status"] != "queued" for e in entries) or time.time() > deadline:
        break
    time.sleep(0.2)

files = {e.path: {"safe": e.security.safe, "status": e.security.status, "avScan": e.security.av_scan,
                  "pickleImportScan": e.security.pickle_import_scan, "xetHash": getattr(e, "xet_hash", None)}
         for e in entries}
paths_info = {e.path: {"safe": e.security.safe, "status": e.security.status}
              for e in api.get_paths_info(repo, ["model.pkl", "README.md"], expand=True)}
repo_status = api.model_info(repo, securityStatus=True).security_repo_status

try:
    hf_hub_download(repo, "eicar.com", token=os.environ["HF_READ_TOKEN"], cache_dir=os.environ.get("HF_HOME", "/tmp"))
    download = {"refused": False}
except Exception as e:  # noqa: BLE001 - the client wraps the HTTP error (LocalEntryNotFoundError from its HEAD)
    http = e
    while http is not None and not isinstance(http, HfHubHTTPError):
        http = http.__cause__
    download = {"refused": True, "error": type(e).__name__,
                "status": http.response.status_code if http is not None else None,
                "message": str(http) if http is not None else str(e)}

print(json.dumps({"files": files, "pathsInfo": paths_info, "repoStatus": repo_status, "download": download}))
