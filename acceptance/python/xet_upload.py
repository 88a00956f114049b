# One upload with the real huggingface_hub client at its defaults (through Xet), for XetCrashIT: the
# test kills the hub while this runs and starts it again on the same address. Prints one line of JSON:
# {"ok": true} once the commit landed, else {"ok": false, "error", "message"}.
# Environment: HUB_URL, HF_TOKEN, REPO, FILE (the file to upload as model.bin), HF_HOME.
import json
import os

os.environ["HF_ENDPOINT"] = os.environ["HUB_URL"].rstrip("/")
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"

from huggingface_hub import HfApi  # noqa: E402

try:
    api = HfApi(endpoint=os.environ["HF_ENDPOINT"], token=os.environ["HF_TOKEN"])
    api.create_repo(os.environ["REPO"], private=True, exist_ok=True)
    api.upload_file(path_or_fileobj=os.environ["FILE"], path_in_repo="model.bin", repo_id=os.environ["REPO"])
    print(json.dumps({"ok": True}))
except Exception as error:  # noqa: BLE001 - reported to the test
    print(json.dumps({"ok": False, "error": type(error).__name__, "message": str(error)[:2000]}))
