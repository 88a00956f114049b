// Drives the files API of a running Hubkeep with the real @huggingface/hub client: creates a
// private model repo of alice, uploads (inline and LFS), lists, downloads, branches, reads history,
// and checks the errors the client raises. Each step is recorded as {step, ok, detail}; the last
// line printed is {"steps": [...]} for the Java test that runs this script (HubJsFilesIT).
//
// Environment: HUB_URL, HF_TOKEN (alice, write), HF_READ_TOKEN (alice, read),
// HF_OTHER_TOKEN (bob, no access to alice's repos), WORK_DIR (a folder this script may write to).
import * as hub from "@huggingface/hub";
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, readdir, stat } from "node:fs/promises";
import { join, relative } from "node:path";

const hubUrl = process.env.HUB_URL;
const accessToken = process.env.HF_TOKEN;
const readToken = process.env.HF_READ_TOKEN;
const otherToken = process.env.HF_OTHER_TOKEN;
const workDir = process.env.WORK_DIR;
const STEP_TIMEOUT_MS = Number(process.env.STEP_TIMEOUT_MS ?? 60_000);

const steps = [];
const suffix = `${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
const repoName = `alice/files-${suffix}`;
const repo = { type: "model", name: repoName };
const missingRepo = { type: "model", name: `alice/missing-${suffix}` };

// Every request the client makes, for the steps that check what went over the wire.
let wire = [];
async function recordingFetch(input, init) {
  const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
  const method = init?.method ?? "GET";
  const headers = new Headers(init?.headers);
  const entry = {
    method,
    path: url.origin === new URL(hubUrl).origin ? url.pathname + url.search : url.href,
    auth: headers.has("authorization"),
  };
  if (typeof init?.body === "string") {
    entry.bodyLength = init.body.length;
    if (headers.get("content-type") === "application/x-ndjson") {
      entry.ndjsonKeys = init.body.split("\n").map((line) => {
        try {
          return JSON.parse(line).key;
        } catch {
          return "unparsable";
        }
      });
    }
  } else if (init?.body instanceof Blob) {
    entry.bodyLength = init.body.size;
  }
  wire.push(entry);
  try {
    const res = await fetch(input, init);
    entry.status = res.status;
    if (res.redirected) {
      entry.redirectedTo = res.url;
    }
    if (url.pathname.endsWith("/info/lfs/objects/batch") && res.ok) {
      const json = await res.clone().json().catch(() => null);
      entry.batch = json && {
        transfer: json.transfer ?? null,
        objects: (json.objects ?? []).map((o) => ({
          oid: o.oid,
          size: o.size,
          actions: Object.keys(o.actions ?? {}),
          uploadHeaderKeys: Object.keys(o.actions?.upload?.header ?? {}),
          error: o.error ?? null,
        })),
      };
    }
    return res;
  } catch (error) {
    entry.error = String(error);
    throw error;
  }
}

class CheckFailed extends Error {
  constructor(message) {
    super(message);
    this.name = "CheckFailed";
  }
}

function check(condition, message) {
  if (!condition) {
    throw new CheckFailed(message);
  }
}

function errorInfo(error) {
  return {
    error: error?.constructor?.name ?? error?.name ?? typeof error, // HubApiError keeps the name "Error"
    statusCode: error?.statusCode ?? null,
    message: String(error?.message ?? error),
    url: error?.url ?? null,
    data: error?.data ?? null,
  };
}

/** Runs one step; body returns the detail to record and throws (CheckFailed or anything) to fail it. */
async function step(name, body) {
  wire = [];
  const observed = {};
  let timer;
  try {
    const detail = await Promise.race([
      body(observed),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new CheckFailed(`step did not finish in ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS);
      }),
    ]);
    steps.push({ step: name, ok: true, detail: { ...observed, ...(detail ?? {}) } });
  } catch (error) {
    steps.push({ step: name, ok: false, detail: { ...observed, ...errorInfo(error), wire } });
  } finally {
    clearTimeout(timer);
  }
}

/** Runs body, expecting it to throw a HubApiError with that status. */
async function expectHubApiError(statusCode, body) {
  let result;
  try {
    result = await body();
  } catch (error) {
    const info = errorInfo(error);
    check(error instanceof hub.HubApiError, `expected a HubApiError ${statusCode}, got ${info.error}: ${info.message}`);
    check(error.statusCode === statusCode, `expected HubApiError ${statusCode}, got ${error.statusCode}: ${info.message}`);
    return { ...info, data: undefined, wire };
  }
  throw new CheckFailed(`expected a HubApiError ${statusCode}, but the call returned ${JSON.stringify(result)}`);
}

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
const gitBlobSha1 = (bytes) =>
  createHash("sha1").update(Buffer.concat([Buffer.from(`blob ${bytes.length}\0`), bytes])).digest("hex");
const unquote = (etag) => (etag ?? "").replace(/^W\//, "").replace(/^"(.*)"$/, "$1");
const isCommitId = (value) => typeof value === "string" && /^[0-9a-f]{40}$/.test(value);

async function bytesOf(blob) {
  return Buffer.from(await blob.arrayBuffer());
}

async function collect(iterator) {
  const items = [];
  for await (const item of iterator) {
    items.push(item);
  }
  return items;
}

async function walkFiles(root, dir = root) {
  const files = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    const info = await stat(full); // follows the snapshot's symlinks to the blobs
    if (info.isDirectory()) {
      files.push(...(await walkFiles(root, full)));
    } else {
      files.push(relative(root, full));
    }
  }
  return files.sort();
}

// ---- the content this script uploads ----
const readme = Buffer.from(
  `---\nlicense: apache-2.0\ntags:\n- hubkeep-acceptance\n---\n\n# files-${suffix}\n\nUploaded by acceptance/js/files.mjs.\n`,
);
const weights = randomBytes(12 * 1024 * 1024);
const docA = Buffer.from(`first of two files, ${suffix}\n`);
const docB = Buffer.from(`second of two files, deleted again, ${suffix}\n`);
const devOnly = Buffer.from(`only on the dev branch, ${suffix}\n`);

// What main should hold at the end (besides whatever the server created with the repo, e.g. .gitattributes).
const expectedMain = new Map([
  ["README.md", readme],
  ["weights/model.bin", weights],
  ["docs/a.txt", docA],
]);
const titles = {
  readme: "Add a README with metadata",
  weights: "Add 12 MB of weights through LFS",
  docs: "Add two docs in one commit",
  deleteDoc: "Delete docs/b.txt again",
  dev: "Add a file on dev only",
};
const commitsOnMain = []; // {title, oid}, oldest first, for the commits that succeeded
let mainHeadBeforeDev = null;

async function run() {
  const base = { hubUrl, fetch: recordingFetch };
  const auth = { ...base, accessToken };

  await step("whoAmI", async () => {
    const me = await hub.whoAmI(auth);
    check(me.name === "alice", `whoAmI name is ${me.name}`);
    return { name: me.name, type: me.type };
  });

  await step("createRepo", async () => {
    const created = await hub.createRepo({ ...auth, repo, private: true });
    check(typeof created.repoUrl === "string" && created.repoUrl.endsWith(`/${repoName}`),
      `repoUrl ${created.repoUrl} does not end with /${repoName}`);
    return { repo: repoName, created };
  });

  await step("repoExists", async () => {
    const existing = await hub.repoExists({ ...auth, repo });
    const missing = await hub.repoExists({ ...auth, repo: missingRepo });
    check(existing === true, `repoExists(${repoName}) = ${existing}`);
    check(missing === false, `repoExists(${missingRepo.name}) = ${missing}`);
    return { existing, missing };
  });

  await step("checkRepoAccess", async () => {
    await hub.checkRepoAccess({ ...auth, repo });
    return { wire };
  });

  await step("modelInfo", async () => {
    const info = await hub.modelInfo({ ...auth, name: repoName, additionalFields: ["sha"] });
    check(info.name === repoName, `modelInfo name (the JSON id) is ${info.name}`);
    check(typeof info.id === "string" && info.id.length > 0, `modelInfo id (the JSON _id) is ${info.id}`);
    check(info.private === true, `modelInfo private is ${info.private}`);
    check(isCommitId(info.sha), `modelInfo sha is ${info.sha}`);
    return { info };
  });

  await step("uploadFile_small", async () => {
    const out = await hub.uploadFile({
      ...auth, repo, file: { path: "README.md", content: new Blob([readme]) }, commitTitle: titles.readme,
    });
    check(isCommitId(out?.commit?.oid), `commit oid is ${out?.commit?.oid}`);
    const commit = wire.find((w) => w.path.includes("/commit/"));
    check(commit?.ndjsonKeys?.join(",") === "header,file", `commit lines ${commit?.ndjsonKeys}`);
    commitsOnMain.push({ title: titles.readme, oid: out.commit.oid });
    return { commit: out.commit, wire };
  });

  await step("uploadFile_lfs", async (observed) => {
    observed.sha256 = sha256(weights);
    observed.size = weights.length;
    // The LFS batch path (multipart transfer) on purpose: xet.mjs covers the client's default, Xet.
    const out = await hub.uploadFile({
      ...auth, repo, file: { path: "weights/model.bin", content: new Blob([weights]) }, commitTitle: titles.weights,
      useXet: false,
    });
    check(isCommitId(out?.commit?.oid), `commit oid is ${out?.commit?.oid}`);
    commitsOnMain.push({ title: titles.weights, oid: out.commit.oid });
    const batch = wire.find((w) => w.path.endsWith("/info/lfs/objects/batch"));
    check(batch?.status === 200, `LFS batch request ${JSON.stringify(batch)}`);
    check(batch.batch?.transfer === "multipart", `LFS transfer ${JSON.stringify(batch.batch)}`);
    // 12 MB goes in parts (the Hub's multipart transfer): each PUT to its own link, then the completion.
    const puts = wire.filter((w) => w.method === "PUT");
    check(puts.length > 1 && puts.every((w) => w.status >= 200 && w.status < 300), `LFS part PUTs ${JSON.stringify(puts)}`);
    const sent = puts.reduce((sum, w) => sum + (w.bodyLength ?? 0), 0);
    check(sent === weights.length, `parts of ${puts.map((w) => w.bodyLength)} bytes`);
    const completion = wire.find((w) => w.method === "POST" && w.path.includes("/complete"));
    check(completion?.status === 200, `multipart completion ${JSON.stringify(completion)}`);
    check(!wire.some((w) => /xet/i.test(w.path)), "the client went to a xet endpoint");
    const commit = wire.find((w) => w.path.includes("/commit/"));
    check(commit?.ndjsonKeys?.join(",") === "header,lfsFile", `commit lines ${commit?.ndjsonKeys}`);
    check(commit.bodyLength < 10_000, `commit body of ${commit.bodyLength} bytes: the file went inline`);
    return { commit: out.commit, wire };
  });

  await step("uploadFiles_twoInOneCommit", async () => {
    const out = await hub.uploadFiles({
      ...auth,
      repo,
      files: [
        { path: "docs/a.txt", content: new Blob([docA]) },
        { path: "docs/b.txt", content: new Blob([docB]) },
      ],
      commitTitle: titles.docs,
    });
    check(isCommitId(out?.commit?.oid), `commit oid is ${out?.commit?.oid}`);
    commitsOnMain.push({ title: titles.docs, oid: out.commit.oid });
    const commit = wire.find((w) => w.path.includes("/commit/"));
    check(commit?.ndjsonKeys?.join(",") === "header,file,file", `commit lines ${commit?.ndjsonKeys}`);
    const exists = await hub.fileExists({ ...auth, repo, path: "docs/b.txt" });
    check(exists === true, "docs/b.txt is not there after the commit");
    return { commit: out.commit };
  });

  await step("deleteFile", async () => {
    const out = await hub.deleteFile({ ...auth, repo, path: "docs/b.txt", commitTitle: titles.deleteDoc });
    check(isCommitId(out?.commit?.oid), `commit oid is ${out?.commit?.oid}`);
    commitsOnMain.push({ title: titles.deleteDoc, oid: out.commit.oid });
    const commit = wire.find((w) => w.path.includes("/commit/"));
    check(commit?.ndjsonKeys?.join(",") === "header,deletedFile", `commit lines ${commit?.ndjsonKeys}`);
    const existsAfter = await hub.fileExists({ ...auth, repo, path: "docs/b.txt" });
    check(existsAfter === false, "docs/b.txt is still there");
    return { commit: out.commit, wire };
  });

  let tree = [];
  await step("listFiles_recursive", async (observed) => {
    tree = await collect(hub.listFiles({ ...auth, repo, recursive: true }));
    observed.tree = tree;
    const files = new Map(tree.filter((e) => e.type === "file").map((e) => [e.path, e]));
    const dirs = tree.filter((e) => e.type === "directory").map((e) => e.path).sort();
    for (const [path, bytes] of expectedMain) {
      check(files.has(path), `${path} is missing from the tree`);
      check(files.get(path).size === bytes.length, `${path} has size ${files.get(path).size}, uploaded ${bytes.length}`);
    }
    const extra = [...files.keys()].filter((p) => !expectedMain.has(p) && p !== ".gitattributes");
    check(extra.length === 0, `unexpected files in the tree: ${extra}`);
    check(JSON.stringify(dirs) === JSON.stringify(["docs", "weights"]), `directories in the tree: ${dirs}`);
    check(files.get("README.md").oid === gitBlobSha1(readme), `README.md oid ${files.get("README.md").oid}, git blob sha1 ${gitBlobSha1(readme)}`);
    check(files.get("README.md").lfs === undefined, "README.md has an lfs entry");
    const lfs = files.get("weights/model.bin").lfs;
    check(lfs?.oid === sha256(weights), `weights/model.bin lfs ${JSON.stringify(lfs)}, sha256 ${sha256(weights)}`);
    check(lfs.size === weights.length, `weights/model.bin lfs.size ${lfs.size}`);
    check(lfs.pointerSize > 0 && lfs.pointerSize < 300, `weights/model.bin lfs.pointerSize ${lfs.pointerSize}`);
    check(files.get("weights/model.bin").xetHash === undefined, "weights/model.bin has a xetHash");
    return {};
  });

  await step("listFiles_topLevelAndFolder", async () => {
    const top = await collect(hub.listFiles({ ...auth, repo }));
    const topPaths = top.map((e) => `${e.type}:${e.path}`).sort();
    check(topPaths.includes("directory:weights") && topPaths.includes("directory:docs") && topPaths.includes("file:README.md"),
      `top level ${topPaths}`);
    check(!topPaths.some((p) => p.includes("/")), `top level listing went into folders: ${topPaths}`);
    const folder = await collect(hub.listFiles({ ...auth, repo, path: "weights" }));
    const folderPaths = folder.map((e) => `${e.type}:${e.path}`);
    check(JSON.stringify(folderPaths) === JSON.stringify(["file:weights/model.bin"]), `weights/ listing ${folderPaths}`);
    return { topPaths, folderPaths };
  });

  await step("pathsInfo_expand", async (observed) => {
    const infos = await hub.pathsInfo({
      ...auth, repo, paths: ["README.md", "weights/model.bin", "no/such/file.txt"], expand: true,
    });
    observed.infos = infos;
    check(infos.length === 2, `${infos.length} entries for 2 existing and 1 missing path`);
    const byPath = new Map(infos.map((i) => [i.path, i]));
    const readmeInfo = byPath.get("README.md");
    const weightsInfo = byPath.get("weights/model.bin");
    check(readmeInfo?.type === "file" && readmeInfo.size === readme.length, `README.md ${JSON.stringify(readmeInfo)}`);
    check(readmeInfo.oid === gitBlobSha1(readme), `README.md oid ${readmeInfo.oid}`);
    check(weightsInfo?.lfs?.oid === sha256(weights) && weightsInfo.size === weights.length,
      `weights/model.bin ${JSON.stringify(weightsInfo)}`);
    for (const [info, title] of [[readmeInfo, titles.readme], [weightsInfo, titles.weights]]) {
      check(info.lastCommit && isCommitId(info.lastCommit.id), `${info.path} lastCommit ${JSON.stringify(info.lastCommit)}`);
      check(info.lastCommit.title === title, `${info.path} lastCommit title ${info.lastCommit.title}, expected ${title}`);
      check(!isNaN(info.lastCommit.date.getTime()), `${info.path} lastCommit date is not a date`);
      const made = commitsOnMain.find((c) => c.title === title);
      check(!made || made.oid === info.lastCommit.id, `${info.path} lastCommit id ${info.lastCommit.id}, commit was ${made?.oid}`);
    }
    return {};
  });

  await step("fileExists", async () => {
    const present = await hub.fileExists({ ...auth, repo, path: "README.md" });
    const nested = await hub.fileExists({ ...auth, repo, path: "weights/model.bin" });
    const absent = await hub.fileExists({ ...auth, repo, path: "no/such/file.txt" });
    check(present === true, `fileExists(README.md) = ${present}`);
    check(nested === true, `fileExists(weights/model.bin) = ${nested}`);
    check(absent === false, `fileExists(no/such/file.txt) = ${absent}`);
    return { present, nested, absent };
  });

  await step("fileDownloadInfo_regular", async (observed) => {
    const info = await hub.fileDownloadInfo({ ...auth, repo, path: "README.md" });
    observed.info = info;
    check(info !== null, "null (EntryNotFound) for README.md");
    check(info.size === readme.length, `size ${info.size}, uploaded ${readme.length}`);
    check(unquote(info.etag) === gitBlobSha1(readme), `etag ${info.etag}, git blob sha1 ${gitBlobSha1(readme)}`);
    check(info.xet === undefined, "xet info for a file this hub stores in git");
    return { wire };
  });

  await step("fileDownloadInfo_lfs", async (observed) => {
    const info = await hub.fileDownloadInfo({ ...auth, repo, path: "weights/model.bin" });
    observed.info = info;
    check(info !== null, "null (EntryNotFound) for weights/model.bin");
    check(info.size === weights.length, `size ${info.size}, uploaded ${weights.length}`);
    check(unquote(info.etag) === sha256(weights), `etag ${info.etag}, sha256 ${sha256(weights)}`);
    check(info.xet === undefined, "xet info for an LFS file");
    return { wire };
  });

  await step("downloadFile_regular", async () => {
    const blob = await hub.downloadFile({ ...auth, repo, path: "README.md" });
    check(blob !== null, "null for README.md");
    const bytes = await bytesOf(blob);
    check(bytes.equals(readme), `downloaded ${bytes.length} bytes that differ from the README uploaded`);
    return { size: bytes.length, wire };
  });

  await step("downloadFile_lfs", async () => {
    const blob = await hub.downloadFile({ ...auth, repo, path: "weights/model.bin" });
    check(blob !== null, "null for weights/model.bin");
    const bytes = await bytesOf(blob);
    check(bytes.length === weights.length, `downloaded ${bytes.length} bytes, uploaded ${weights.length}`);
    check(sha256(bytes) === sha256(weights), `downloaded sha256 ${sha256(bytes)}, uploaded ${sha256(weights)}`);
    return { size: bytes.length, sha256: sha256(bytes), wire };
  });

  await step("downloadFile_raw_lfsPointer", async () => {
    const blob = await hub.downloadFile({ ...auth, repo, path: "weights/model.bin", raw: true });
    check(blob !== null, "null for the raw weights/model.bin");
    const text = (await bytesOf(blob)).toString("utf8");
    check(text.startsWith("version https://git-lfs.github.com/spec/v1\n"), `raw content ${JSON.stringify(text.slice(0, 200))}`);
    check(text.includes(`oid sha256:${sha256(weights)}\n`) && text.includes(`size ${weights.length}\n`),
      `raw pointer ${JSON.stringify(text)}`);
    return { pointer: text };
  });

  await step("downloadFile_byCommitId", async () => {
    const first = commitsOnMain.find((c) => c.title === titles.readme);
    check(first, "no README commit to read at");
    const blob = await hub.downloadFile({ ...auth, repo, path: "README.md", revision: first.oid });
    check(blob !== null, `null for README.md at ${first.oid}`);
    check((await bytesOf(blob)).equals(readme), "README.md at its commit differs");
    const later = await hub.downloadFile({ ...auth, repo, path: "weights/model.bin", revision: first.oid });
    check(later === null, "weights/model.bin exists at the commit before it was added");
    return { revision: first.oid };
  });

  await step("snapshotDownload", async (observed) => {
    const cacheDir = join(workDir, `cache-${suffix}`);
    await mkdir(cacheDir, { recursive: true });
    const folder = await hub.snapshotDownload({ ...auth, repo, cacheDir });
    observed.folder = folder;
    const storage = join(cacheDir, `models--alice--files-${suffix}`);
    const head = (await readFile(join(storage, "refs", "main"), "utf8")).trim();
    check(isCommitId(head), `refs/main holds ${head}`);
    check(folder === join(storage, "snapshots", head), `snapshot folder ${folder}, refs/main ${head}`);
    const last = commitsOnMain.at(-1);
    check(!last || last.oid === head, `refs/main ${head}, last commit made on main ${last?.oid}`);
    const files = await walkFiles(folder);
    observed.files = files;
    for (const [path, bytes] of expectedMain) {
      check(files.includes(path), `${path} is not in the snapshot`);
      const got = await readFile(join(folder, path));
      check(got.equals(bytes), `${path} in the snapshot (${got.length} bytes) differs from what was uploaded`);
    }
    const extra = files.filter((p) => !expectedMain.has(p) && p !== ".gitattributes");
    check(extra.length === 0, `unexpected files in the snapshot: ${extra}`);
    const blobs = (await readdir(join(storage, "blobs"))).sort();
    observed.blobs = blobs;
    check(blobs.includes(sha256(weights)), `no blob named by the LFS sha256 ${sha256(weights)}`);
    check(blobs.includes(gitBlobSha1(readme)), `no blob named by README.md's git oid ${gitBlobSha1(readme)}`);
    return {};
  });

  await step("createBranch", async () => {
    mainHeadBeforeDev = commitsOnMain.at(-1)?.oid ?? null;
    await hub.createBranch({ ...auth, repo, branch: "dev" });
    const onDev = await hub.fileExists({ ...auth, repo, path: "README.md", revision: "dev" });
    check(onDev === true, "README.md is not on the new dev branch");
    const devCommits = await collect(hub.listCommits({ ...auth, repo, revision: "dev" }));
    check(devCommits[0]?.oid === mainHeadBeforeDev, `dev starts at ${devCommits[0]?.oid}, main was at ${mainHeadBeforeDev}`);
    return { devHead: devCommits[0]?.oid, wire };
  });

  await step("uploadFile_toBranch", async () => {
    const out = await hub.uploadFile({
      ...auth, repo, branch: "dev", file: { path: "dev-only.txt", content: new Blob([devOnly]) }, commitTitle: titles.dev,
    });
    check(isCommitId(out?.commit?.oid), `commit oid is ${out?.commit?.oid}`);
    const onDev = await hub.downloadFile({ ...auth, repo, path: "dev-only.txt", revision: "dev" });
    check(onDev !== null && (await bytesOf(onDev)).equals(devOnly), "dev-only.txt on dev differs");
    const onMain = await hub.fileExists({ ...auth, repo, path: "dev-only.txt" });
    check(onMain === false, "dev-only.txt showed up on main");
    const mainHead = (await collect(hub.listCommits({ ...auth, repo, batchSize: 1 })))[0]?.oid;
    check(mainHead === mainHeadBeforeDev, `main moved from ${mainHeadBeforeDev} to ${mainHead}`);
    const devHead = (await collect(hub.listCommits({ ...auth, repo, revision: "dev" })))[0];
    check(devHead?.oid === out.commit.oid && devHead.title === titles.dev, `dev head ${JSON.stringify(devHead)}`);
    return { commit: out.commit, mainHead };
  });

  let history = [];
  await step("listCommits", async (observed) => {
    history = await collect(hub.listCommits({ ...auth, repo }));
    observed.history = history.map((c) => ({ oid: c.oid, title: c.title, authors: c.authors, date: c.date }));
    check(history.length >= commitsOnMain.length, `${history.length} commits, made ${commitsOnMain.length}`);
    const newest = history.slice(0, commitsOnMain.length).map((c) => `${c.oid} ${c.title}`);
    const made = commitsOnMain.slice().reverse().map((c) => `${c.oid} ${c.title}`);
    check(JSON.stringify(newest) === JSON.stringify(made), `newest first: ${JSON.stringify(newest)}, made: ${JSON.stringify(made)}`);
    for (const c of history.slice(0, commitsOnMain.length)) {
      check(c.authors.some((a) => a.username === "alice"), `${c.oid} authors ${JSON.stringify(c.authors)}`);
      check(!isNaN(c.date.getTime()), `${c.oid} date is not a date`);
    }
    const dates = history.map((c) => c.date.getTime());
    check(dates.every((d, i) => i === 0 || d <= dates[i - 1]), "dates are not newest first");
    return {};
  });

  await step("listCommits_paginated", async () => {
    const paged = await collect(hub.listCommits({ ...auth, repo, batchSize: 2 }));
    const pages = wire.filter((w) => w.path.includes("/commits/")).map((w) => w.path);
    check(JSON.stringify(paged.map((c) => c.oid)) === JSON.stringify(history.map((c) => c.oid)),
      `2 a page: ${paged.map((c) => c.oid)}; all at once: ${history.map((c) => c.oid)}`);
    check(pages.length === Math.ceil(history.length / 2) || pages.length === Math.ceil(history.length / 2) + 1,
      `${pages.length} requests for ${history.length} commits 2 a page: ${pages}`);
    return { pages };
  });

  await step("countCommits", async () => {
    check(typeof hub.countCommits === "function", "countCommits is not in this client");
    const count = await hub.countCommits({ ...auth, repo });
    check(count === history.length, `countCommits ${count}, listCommits gave ${history.length}`);
    const devCount = await hub.countCommits({ ...auth, repo, revision: "dev" });
    check(devCount === history.length + 1, `countCommits(dev) ${devCount}, main has ${history.length}`);
    return { count, devCount };
  });

  await step("readToken_canDownload", async () => {
    const blob = await hub.downloadFile({ ...base, accessToken: readToken, repo, path: "README.md" });
    check(blob !== null && (await bytesOf(blob)).equals(readme), "README.md read with the read token differs");
    return {};
  });

  await step("error_noToken_privateRepo_401", async () =>
    expectHubApiError(401, () => hub.downloadFile({ ...base, repo, path: "README.md" })));

  await step("error_otherUser_privateRepo_404", async () => {
    const download = await expectHubApiError(404, () =>
      hub.downloadFile({ ...base, accessToken: otherToken, repo, path: "README.md" }));
    const access = await expectHubApiError(404, () => hub.checkRepoAccess({ ...base, accessToken: otherToken, repo }));
    const exists = await hub.repoExists({ ...base, accessToken: otherToken, repo });
    check(exists === false, `repoExists for bob = ${exists}`);
    return { download, access, exists };
  });

  await step("error_readToken_upload_403", async () =>
    expectHubApiError(403, () => hub.uploadFile({
      ...base, accessToken: readToken, repo, file: { path: "read-token.txt", content: new Blob(["nope\n"]) },
    })));

  await step("error_missingFile_404", async () => {
    // The client turns a 404 that says X-Error-Code: EntryNotFound into null rather than an error.
    const missing = await hub.downloadFile({ ...auth, repo, path: "no/such/file.txt" });
    check(missing === null, "downloadFile of a missing file did not give null (404 with X-Error-Code: EntryNotFound)");
    const res = await fetch(`${hubUrl}/${repoName}/resolve/main/no/such/file.txt`, {
      headers: { Authorization: `Bearer ${accessToken}` },
    });
    check(res.status === 404, `resolve of a missing file answered ${res.status}`);
    check(res.headers.get("x-error-code") === "EntryNotFound", `X-Error-Code ${res.headers.get("x-error-code")}`);
    return { status: res.status, errorCode: res.headers.get("x-error-code") };
  });

  await step("error_missingRevision_404", async () =>
    expectHubApiError(404, () => hub.downloadFile({ ...auth, repo, path: "README.md", revision: "no-such-branch" })));
}

try {
  check(hubUrl && accessToken && readToken && otherToken && workDir,
    "set HUB_URL, HF_TOKEN, HF_READ_TOKEN, HF_OTHER_TOKEN and WORK_DIR");
  await run();
} catch (error) {
  steps.push({ step: "script", ok: false, detail: errorInfo(error) });
}
// Last line: what the Java test reads. Exit explicitly: a request stuck past its step's timeout
// must not keep the process alive.
process.stdout.write(`\n${JSON.stringify({ repo: repoName, steps })}\n`, () => process.exit(0));
