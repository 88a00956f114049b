// Token roles as the Hub's guides teach them, through the real @huggingface/hub client: a write token
// creates a repository but cannot delete it (403 naming the admin role); an admin token deletes it.
// Each step is recorded as {step, ok, detail}; the last line printed is {"repo", "steps": [...]} for
// the Java test that runs this script (HubJsRolesIT).
//
// Environment: HUB_URL, HF_TOKEN (alice, write), HF_ADMIN_TOKEN (alice, admin).
import { HubApiError, createRepo, deleteRepo, repoExists } from "@huggingface/hub";
import { randomBytes } from "node:crypto";

const hubUrl = process.env.HUB_URL;
const writeToken = process.env.HF_TOKEN;
const adminToken = process.env.HF_ADMIN_TOKEN;
const suffix = `${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
const repo = { type: "model", name: `alice/js-roles-${suffix}` };
const steps = [];

class CheckFailed extends Error {}

function check(condition, message) {
  if (!condition) {
    throw new CheckFailed(message);
  }
}

async function step(name, body) {
  try {
    steps.push({ step: name, ok: true, detail: (await body()) ?? {} });
  } catch (error) {
    steps.push({ step: name, ok: false, detail: { name: error.name, statusCode: error.statusCode ?? null, message: error.message } });
  }
}

try {
  check(hubUrl && writeToken && adminToken, "set HUB_URL, HF_TOKEN and HF_ADMIN_TOKEN");

  await step("createRepo_writeToken", async () => {
    const created = await createRepo({ repo, accessToken: writeToken, hubUrl });
    return { repoUrl: created.repoUrl };
  });

  await step("deleteRepo_writeToken_403NamingAdmin", async () => {
    let refused;
    try {
      await deleteRepo({ repo, accessToken: writeToken, hubUrl });
    } catch (error) {
      refused = error;
    }
    check(refused, "deleteRepo with a write token succeeded");
    check(refused instanceof HubApiError && refused.statusCode === 403,
      `expected HubApiError 403, got ${refused.name} ${refused.statusCode}: ${refused.message}`);
    check(/an admin token/.test(refused.message), `the refusal does not name the admin role: ${refused.message}`);
    check(await repoExists({ repo, accessToken: writeToken, hubUrl }), "the repo is gone although the delete was refused");
    return { statusCode: refused.statusCode, message: refused.message };
  });

  await step("deleteRepo_adminToken", async () => {
    await deleteRepo({ repo, accessToken: adminToken, hubUrl });
    check(!(await repoExists({ repo, accessToken: adminToken, hubUrl })), "the repo still exists after deleteRepo");
    return {};
  });
} catch (error) {
  steps.push({ step: "script", ok: false, detail: { name: error.name, message: error.message } });
}
console.log("\n" + JSON.stringify({ repo: repo.name, steps }));
