// Drives a running Hubkeep with the real @huggingface/hub client at its default settings, which use
// Xet: uploadFile of a file over 10 MB asks the LFS batch API for the "xet" transfer and uploads
// through the CAS (it would fall back to LFS silently if the hub did not pick Xet, so the tree entry's
// xetHash is checked), then downloadFile through Xet and without it gives the same bytes. Each step is
// recorded as {step, ok, detail}; the last line printed is {"steps": [...]} for HubJsXetIT.
//
// Environment: HUB_URL, HF_TOKEN (alice, write).
import * as hub from "@huggingface/hub";
import { createHash, randomBytes } from "node:crypto";

const hubUrl = process.env.HUB_URL;
const accessToken = process.env.HF_TOKEN;
const auth = { hubUrl, accessToken };
const repo = { type: "model", name: `alice/xet-${Date.now().toString(36)}-${randomBytes(3).toString("hex")}` };
const weights = randomBytes(12 * 1024 * 1024);
const steps = [];

// Every request the client makes, so a step can tell which transfer the upload took.
let wire = [];
async function recordingFetch(input, init) {
  const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
  const entry = { method: init?.method ?? "GET", path: url.pathname };
  wire.push(entry);
  const res = await fetch(input, init);
  entry.status = res.status;
  if (url.pathname.endsWith("/info/lfs/objects/batch") && res.ok) {
    entry.transfer = (await res.clone().json().catch(() => ({}))).transfer ?? null;
  }
  return res;
}

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

async function step(name, body) {
  wire = [];
  try {
    steps.push({ step: name, ok: true, detail: (await body()) ?? {} });
  } catch (error) {
    steps.push({ step: name, ok: false, detail: { error: error?.name, message: String(error?.message ?? error), wire } });
  }
}

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

await step("createRepo", () => hub.createRepo({ ...auth, repo, private: true }));

await step("uploadFile_xet", async () => {
  await hub.uploadFile({ ...auth, repo, file: { path: "weights/model.bin", content: new Blob([weights]) }, fetch: recordingFetch });
  const batch = wire.find((w) => w.path.endsWith("/info/lfs/objects/batch"));
  check(batch?.transfer === "xet", `LFS batch answered transfer ${batch?.transfer}`);
  check(wire.some((w) => w.path.startsWith("/xet-cas/v1/xorbs/") && w.status === 200), "no xorb went to the CAS");
  check(wire.some((w) => w.path === "/xet-cas/v1/shards" && w.status === 200), "no shard went to the CAS");
  return { wire };
});

await step("listFiles_xetHash", async () => {
  const entries = [];
  for await (const entry of hub.listFiles({ ...auth, repo, recursive: true })) {
    entries.push(entry);
  }
  const file = entries.find((e) => e.path === "weights/model.bin");
  check(typeof file?.xetHash === "string" && file.xetHash.length === 64, `tree entry ${JSON.stringify(file)}`);
  check(file.lfs?.oid === sha256(weights), `lfs oid ${file.lfs?.oid}`);
  return { xetHash: file.xetHash };
});

for (const xet of [true, false]) {
  await step(`downloadFile_xet_${xet}`, async () => {
    const blob = await hub.downloadFile({ ...auth, repo, path: "weights/model.bin", xet, fetch: recordingFetch });
    const bytes = Buffer.from(await blob.arrayBuffer());
    check(bytes.equals(weights), `downloaded ${bytes.length} bytes, sha256 ${sha256(bytes)}; uploaded ${sha256(weights)}`);
    const viaCas = wire.some((w) => w.path.startsWith("/xet-cas/"));
    check(viaCas === xet, `went to the CAS: ${viaCas}`);
    return { size: bytes.length };
  });
}

console.log(JSON.stringify({ repo: repo.name, steps }));
