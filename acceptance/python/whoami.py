# Calls HfApi.whoami() of the real huggingface_hub client against HUB_URL with HF_TOKEN, and prints
# what the client made of the answer, as one line of JSON, for the Java test that runs this script.
import json
import os
import sys

hub_url = os.environ["HUB_URL"].rstrip("/")
access_token = os.environ["HF_TOKEN"]
# The client reads these when it is imported: no telemetry, and whatever it fetches on its own
# (rather than through HfApi's endpoint) goes to the hub under test, never to the public Hub.
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
os.environ["HF_ENDPOINT"] = hub_url

from huggingface_hub import HfApi  # noqa: E402


def status_of(error):
    response = getattr(error, "response", None)
    return getattr(response, "status_code", None)


def server_message_of(error):
    # The client may raise its own message for a status and chain the error that carried the
    # server's message as the cause; walk the chain and keep the first message found.
    while error is not None:
        message = getattr(error, "server_message", None)
        if message:
            return message
        error = error.__cause__
    return None


try:
    me = HfApi(endpoint=hub_url, token=access_token).whoami()
    access = (me.get("auth") or {}).get("accessToken") or {}
    result = {
        "ok": True,
        "name": me["name"],
        "type": me["type"],
        "orgs": me.get("orgs"),
        "tokenName": access.get("displayName"),
        "tokenRole": access.get("role"),
    }
except Exception as error:  # the test reads whatever the client raised
    result = {
        "ok": False,
        "error": type(error).__name__,
        "status": status_of(error),
        "message": str(error),
        "serverMessage": server_message_of(error),
    }
print(json.dumps(result))
sys.stdout.flush()
