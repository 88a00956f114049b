# Creates the model REPO, then calls HfApi.model_info() of the real huggingface_hub client on it
# against HUB_URL with HF_TOKEN until the hub refuses one, and prints the message the client raised,
# as one line of JSON, for the Java test. (Not whoami: the client words its 429 itself.)
import json
import os
import sys

hub_url = os.environ["HUB_URL"].rstrip("/")
access_token = os.environ["HF_TOKEN"]
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["HF_ENDPOINT"] = hub_url

from huggingface_hub import HfApi  # noqa: E402

api = HfApi(endpoint=hub_url, token=access_token)
repo = os.environ["REPO"]
api.create_repo(repo, exist_ok=True)
result = {"ok": True, "calls": 0}
for _ in range(int(os.environ.get("CALLS", "20"))):
    try:
        api.model_info(repo)
        result["calls"] += 1
    except Exception as error:  # the test reads whatever the client raised
        response = getattr(error, "response", None)
        result = {
            "ok": False,
            "calls": result["calls"],
            "error": type(error).__name__,
            "status": getattr(response, "status_code", None),
            "message": str(error),
        }
        break
print(json.dumps(result))
sys.stdout.flush()
