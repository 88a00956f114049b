# Token roles as the Hub's guides teach them, through the real huggingface_hub client: a write token
# creates a repository and manages it (gating, visibility, renaming); deleting it needs an admin
# token, and the refusal says so. Then what the client shows of refusals that say what to do: a
# repository id without its namespace, a token value that a refresh replaced. Each step is recorded
# as {step, ok, detail}; the last line printed is {"repo": ..., "steps": [...]} for the Java test
# that runs this script (HubPythonRolesIT).
#
# Environment: HUB_URL, HF_TOKEN (alice, write), HF_ADMIN_TOKEN (alice, admin), optionally HF_HOME.
import json
import os
import secrets
import sys
import tempfile
import time
import traceback

hub_url = os.environ.get("HUB_URL", "").rstrip("/")
write_token = os.environ.get("HF_TOKEN")
admin_token = os.environ.get("HF_ADMIN_TOKEN")

# The client reads these when it is imported: whatever it fetches on its own goes to the hub under
# test, and no token, cache or settings of whoever runs the tests is used.
os.environ["HF_ENDPOINT"] = hub_url
os.environ["HF_HOME"] = os.environ.get("HF_HOME") or tempfile.mkdtemp(prefix="hubkeep-py-roles-")
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["HF_HUB_DISABLE_IMPLICIT_TOKEN"] = "1"

import huggingface_hub  # noqa: E402
from huggingface_hub import HfApi, hf_hub_download  # noqa: E402
from huggingface_hub.errors import HfHubHTTPError, RepositoryNotFoundError  # noqa: E402
from huggingface_hub.utils import get_session  # noqa: E402

steps = []


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def error_info(error):
    response = getattr(error, "response", None)
    info = {
        "error": type(error).__name__,
        "status": getattr(response, "status_code", None),
        "message": str(error)[:2000],
    }
    if getattr(error, "server_message", None):
        info["serverMessage"] = error.server_message
    if not isinstance(error, (CheckFailed, HfHubHTTPError)):
        info["trace"] = traceback.format_exception(error)[-6:]
    chain, cause = [], error
    while cause is not None:  # what a traceback shows: the error and the ones it was raised from
        chain.append(str(cause))
        cause = cause.__cause__
    info["chain"] = "\n".join(chain)[:4000]
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


suffix = f"{int(time.time() * 1000):x}-{secrets.token_hex(3)}"
repo_id = f"alice/py-roles-{suffix}"
renamed_id = f"alice/py-roles-renamed-{suffix}"


def run():
    write = HfApi(endpoint=hub_url, token=write_token)
    admin = HfApi(endpoint=hub_url, token=admin_token)

    def create():
        url = write.create_repo(repo_id)
        check(url.repo_id == repo_id, f"RepoUrl.repo_id is {url.repo_id}")
        return {"url": str(url)}

    step("createRepo_writeToken", create)

    def gate():
        write.update_repo_settings(repo_id, gated="manual")
        gated = write.model_info(repo_id).gated
        check(gated == "manual", f"after update_repo_settings(gated='manual') the repo's gated is {gated!r}")
        return {"gated": gated}

    step("updateRepoSettings_gatedManual_writeToken", gate)

    def visibility():
        # huggingface_hub 1.x has no update_repo_visibility any more: update_repo_settings took it over.
        if hasattr(write, "update_repo_visibility"):
            write.update_repo_visibility(repo_id, private=True)
            used = "update_repo_visibility"
        else:
            write.update_repo_settings(repo_id, private=True)
            used = "update_repo_settings(private=True)"
        private = write.model_info(repo_id).private
        check(private is True, f"after {used} the repo's private is {private!r}")
        write.update_repo_settings(repo_id, visibility="public")
        public = write.model_info(repo_id).private
        check(public is False, f"after update_repo_settings(visibility='public') private is {public!r}")
        return {"used": used}

    step("updateRepoVisibility_writeToken", visibility)

    def move():
        write.move_repo(repo_id, renamed_id)
        check(write.model_info(renamed_id).id == renamed_id, "the renamed repo is not found under its new name")
        write.move_repo(renamed_id, repo_id)
        check(write.model_info(repo_id).id == repo_id, "the repo is not found under its name again")
        return {}

    step("moveRepo_writeToken", move)

    def delete_with_write():
        info = expect_error(HfHubHTTPError, 403, lambda: write.delete_repo(repo_id))
        check(info["error"] == "HfHubHTTPError", f"raised {info['error']}, not the plain HfHubHTTPError")
        check("admin" in (info.get("serverMessage") or ""), f"the refusal does not name the admin role: {info}")
        check(write.repo_exists(repo_id), "the repo is gone although the delete was refused")
        return info

    step("deleteRepo_writeToken_403NamingAdmin", delete_with_write)

    def delete_with_admin():
        admin.delete_repo(repo_id)
        check(not admin.repo_exists(repo_id), "the repo still exists after delete_repo")
        return {}

    step("deleteRepo_adminToken", delete_with_admin)

    def without_namespace():
        download = expect_error(RepositoryNotFoundError, 404, lambda: hf_hub_download(
            "bert-base-uncased", "config.json", token=write_token))
        info = expect_error(RepositoryNotFoundError, 404, lambda: write.model_info("bert-base-uncased"))
        for what in (download, info):
            check("namespace/name" in (what.get("serverMessage") or ""), f"no namespace/name hint: {what}")
        return {"download": download, "info": info}

    step("error_repoWithoutNamespace_RepositoryNotFound", without_namespace)

    def replaced_token():
        headers = {"Authorization": f"Bearer {admin_token}"}
        created = get_session().post(f"{hub_url}/api/settings/tokens", headers=headers,
                                     json={"name": f"to-refresh-{suffix}", "role": "read"})
        check(created.status_code == 201, f"creating a token: {created.status_code} {created.text}")
        old_value, token_id = created.json()["token"], created.json()["id"]
        refreshed = get_session().post(f"{hub_url}/api/settings/tokens/{token_id}/refresh", headers=headers)
        check(refreshed.status_code == 200, f"refreshing it: {refreshed.status_code} {refreshed.text}")
        old_api = HfApi(endpoint=hub_url, token=old_value)
        # whoami raises its own "Invalid user token." from the error that carries the server's words.
        info = expect_error(HfHubHTTPError, 401, lambda: old_api.whoami())
        check("was replaced on" in info["chain"] and "use the new value" in info["chain"],
              f"the client does not show that the token was replaced: {info}")
        check(HfApi(endpoint=hub_url, token=refreshed.json()["token"]).whoami()["name"] == "alice", "the new value fails")
        return info

    step("error_replacedToken_saysUseTheNewValue", replaced_token)


try:
    check(hub_url and write_token and admin_token, "set HUB_URL, HF_TOKEN and HF_ADMIN_TOKEN")
    run()
except Exception as error:  # noqa: BLE001
    steps.append({"step": "script", "ok": False, "detail": error_info(error)})
sys.stdout.write("\n" + json.dumps({"repo": repo_id, "client": huggingface_hub.__version__, "steps": steps},
                                   default=str) + "\n")
sys.stdout.flush()
