# An organization token (a token of a service account of acme, with write on acme/model-a only)
# through the real huggingface_hub client, unmodified: one phase per run, as the Java test
# (HubPythonOrgTokenIT) changes the organization between runs. Each step is recorded as
# {step, ok, detail}; the last line printed is {"phase": ..., "steps": [...]}.
#
# Environment: HUB_URL, HF_TOKEN (the organization token), PHASE (made, creatorRemoved, revoked),
# OUTSIDE_REPO (a private repository outside acme), optionally HF_HOME.
import json
import os
import tempfile
import traceback

hub_url = os.environ.get("HUB_URL", "").rstrip("/")
token = os.environ.get("HF_TOKEN")
phase = os.environ.get("PHASE", "made")
outside = os.environ.get("OUTSIDE_REPO", "alice/mine")

# The client reads these when it is imported: whatever it fetches on its own goes to the hub under
# test, and no token, cache or settings of whoever runs the tests is used.
os.environ["HF_ENDPOINT"] = hub_url
os.environ["HF_HOME"] = os.environ.get("HF_HOME") or tempfile.mkdtemp(prefix="hubkeep-py-orgtoken-")
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["HF_HUB_DISABLE_XET"] = "1"

from huggingface_hub import HfApi, hf_hub_download  # noqa: E402
from huggingface_hub.errors import HfHubHTTPError, RepositoryNotFoundError  # noqa: E402

steps = []
api = HfApi(endpoint=hub_url, token=token)


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def error_info(error):
    response = getattr(error, "response", None)
    info = {"error": type(error).__name__, "status": getattr(response, "status_code", None), "message": str(error)[:2000]}
    if getattr(error, "server_message", None):
        info["serverMessage"] = error.server_message
    if not isinstance(error, (CheckFailed, HfHubHTTPError)):
        info["trace"] = traceback.format_exception(error)[-6:]
    return info


def step(name, body):
    try:
        steps.append({"step": name, "ok": True, "detail": body() or {}})
    except Exception as error:  # noqa: BLE001 - every failure is recorded
        steps.append({"step": name, "ok": False, "detail": error_info(error)})


def expect_error(error_class, status, call):
    try:
        result = call()
    except Exception as error:  # noqa: BLE001
        info = error_info(error)
        check(isinstance(error, error_class) and info["status"] == status,
              f"expected {error_class.__name__} {status}, got {info['error']} {info['status']}: {info['message']}")
        return info
    raise CheckFailed(f"expected {error_class.__name__} {status}, but the call returned {result!r}")


def upload(path_in_repo):
    content = f"uploaded by the organization token, phase {phase}\n".encode()
    commit = api.upload_file(path_or_fileobj=content, path_in_repo=path_in_repo, repo_id="acme/model-a",
                             commit_message=f"upload ({phase})")
    downloaded = hf_hub_download("acme/model-a", path_in_repo, token=token)
    with open(downloaded, "rb") as f:
        check(f.read() == content, "the file read back differs from the one uploaded")
    return {"commit": commit.oid}


def whoami():
    me = api.whoami()
    access = (me.get("auth") or {}).get("accessToken") or {}
    return {"type": me["type"], "name": me["name"], "orgs": [o["name"] for o in me["orgs"]],
            "owner": me.get("owner"), "tokenName": access.get("displayName"), "tokenRole": access.get("role")}


if phase == "made":
    step("whoami", whoami)
    step("upload_modelA", lambda: upload("made.txt"))
    step("read_modelB_notFound", lambda: expect_error(RepositoryNotFoundError, 404,
                                                      lambda: api.model_info("acme/model-b")))
    step("read_outside_notFound", lambda: expect_error(RepositoryNotFoundError, 404,
                                                       lambda: api.model_info(outside)))
    step("upload_modelB_refused", lambda: expect_error(HfHubHTTPError, 404, lambda: api.upload_file(
        path_or_fileobj=b"x", path_in_repo="x.txt", repo_id="acme/model-b")))
elif phase == "creatorRemoved":
    step("upload_modelA", lambda: upload("after-creator-left.txt"))
elif phase == "revoked":
    step("whoami_401", lambda: expect_error(HfHubHTTPError, 401, api.whoami))
    step("upload_modelA_401", lambda: expect_error(HfHubHTTPError, 401, lambda: upload("after-revocation.txt")))

print(json.dumps({"phase": phase, "steps": steps}))
