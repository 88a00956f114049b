# Keyless CI (trusted publishers) through the real huggingface_hub client: with HF_OIDC_RESOURCE and
# HF_OIDC_ID_TOKEN set, and no HF_TOKEN anywhere, the client exchanges the CI job's ID token at the
# hub's /oauth/token (RFC 8693) and uploads with what it gets, then reads the file back. Each step is
# recorded as {step, ok, detail}; the last line printed is {"steps": [...]} for the Java test that
# runs this script (HubPythonOidcIT).
#
# Environment: HUB_URL, HF_OIDC_RESOURCE (a repository), HF_OIDC_ID_TOKEN (the issuer's JWT),
# optionally HF_HOME.
import json
import os
import sys
import tempfile
import traceback

hub_url = os.environ.get("HUB_URL", "").rstrip("/")
resource = os.environ.get("HF_OIDC_RESOURCE", "")

# The client reads these when it is imported: whatever it fetches goes to the hub under test, and no
# token, cache or settings of whoever runs the tests is used.
os.environ["HF_ENDPOINT"] = hub_url
os.environ["HF_HOME"] = os.environ.get("HF_HOME") or tempfile.mkdtemp(prefix="hubkeep-py-oidc-")
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_TOKEN_PATH"):
    os.environ.pop(name, None)

import huggingface_hub  # noqa: E402
from huggingface_hub import HfApi, hf_hub_download  # noqa: E402
from huggingface_hub.utils import get_token  # noqa: E402

steps = []


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def step(name, body):
    try:
        steps.append({"step": name, "ok": True, "detail": body() or {}})
    except Exception as error:  # noqa: BLE001 - every failure is recorded
        response = getattr(error, "response", None)
        steps.append({"step": name, "ok": False, "detail": {
            "error": type(error).__name__,
            "status": getattr(response, "status_code", None),
            "message": str(error)[:2000],
            "trace": traceback.format_exception(error)[-6:],
        }})


def run():
    content = b"weights trained in CI, uploaded without a stored token\n"

    def no_stored_token():
        check(not os.path.exists(os.path.join(os.environ["HF_HOME"], "token")), "a token file exists in HF_HOME")
        check(os.environ.get("HF_TOKEN") is None, "HF_TOKEN is set")
        token = get_token()  # the exchange happens here
        check(token is not None, "the client got no token from the exchange")
        return {"version": huggingface_hub.__version__}

    step("exchange_noStoredToken", no_stored_token)

    def upload():
        info = HfApi().upload_file(path_or_fileobj=content, path_in_repo="ci/weights.txt", repo_id=resource,
                                   commit_message="Upload from CI")
        return {"commit": info.oid}

    step("upload_withExchangedToken", upload)

    def download():
        path = hf_hub_download(resource, "ci/weights.txt", local_dir=tempfile.mkdtemp(prefix="hubkeep-py-oidc-dl-"))
        with open(path, "rb") as f:
            check(f.read() == content, "the downloaded file differs from the uploaded one")
        return {}

    step("download_theUploadedFile", download)


try:
    run()
except Exception as error:  # noqa: BLE001
    steps.append({"step": "script", "ok": False, "detail": {"message": str(error)}})
print(json.dumps({"steps": steps}))
sys.stdout.flush()
