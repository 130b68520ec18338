import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for the Hugging Face Hub HTTP API, just the parts `@huggingface/hub` uses to
 * push a dataset: `whoAmI`, `createRepo`, and `commit`/`uploadFiles` (preupload, the NDJSON commit
 * with inline base64 files, and the Git LFS batch API with "basic" transfer for large files; xet
 * is offered by the client but declined, as a server without xet would). It checks the bearer
 * token on every API call, keeps committed files in memory so tests can read them back, and
 * records each request (method, path, status, whether a token was sent) but never the token.
 */
export interface FakeHubOptions {
  /** Tokens the server accepts. */
  tokens: string[];
  /** The user the tokens belong to (default "tester"). */
  user?: string;
  /** Organisations that user may write to. */
  orgs?: string[];
  /** Files at least this big are sent through LFS (default 10 MB, like the Hub). */
  lfsThreshold?: number;
}

export interface FakeHubRequest {
  method: string;
  path: string;
  status: number;
  /** "none": no Authorization header; "valid"/"invalid": a bearer token the server does/doesn't accept. */
  auth: "none" | "valid" | "invalid";
}

export interface FakeRepo {
  type: "model" | "dataset" | "space";
  id: string;
  visibility: "public" | "private" | "protected";
  files: Map<string, Buffer>;
  commits: { oid: string; summary: string; paths: string[] }[];
}

export interface FakeHub {
  url: string;
  requests: FakeHubRequest[];
  repos: Map<string, FakeRepo>;
  /** A committed file's text, or undefined. `repoKey` is e.g. "datasets/user/name". */
  fileText(repoKey: string, path: string): string | undefined;
  close(): Promise<void>;
}

/** What the fake hub holds while it runs. */
interface HubState {
  options: FakeHubOptions;
  user: string;
  namespaces: Set<string>;
  lfsThreshold: number;
  repos: Map<string, FakeRepo>;
  requests: FakeHubRequest[];
  /** LFS objects by sha256, and the upload slots handed out by the batch endpoint. */
  lfsObjects: Map<string, Buffer>;
  uploadSlots: Map<string, { oid: string; size: number }>;
  base: string;
}

/** One request being answered; `send` records the status in the request log. */
interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
  body: Buffer;
  entry: FakeHubRequest;
  send: (status: number, payload: unknown, type?: string) => void;
}

interface Route {
  method: string;
  pattern: RegExp;
  /** Answered without a token (pre-signed storage URLs carry no Authorization header, as on S3). */
  public?: boolean;
  handle: (hub: HubState, x: Exchange, match: RegExpExecArray) => void;
}

export async function startFakeHub(options: FakeHubOptions): Promise<FakeHub> {
  const user = options.user ?? "tester";
  const hub: HubState = {
    options,
    user,
    namespaces: new Set([user, ...(options.orgs ?? [])]),
    lfsThreshold: options.lfsThreshold ?? 10 * 1024 * 1024,
    repos: new Map(),
    requests: [],
    lfsObjects: new Map(),
    uploadSlots: new Map(),
    base: "",
  };

  const server: Server = createServer((req, res) => {
    handle(hub, req, res).catch((e: unknown) => {
      if (!res.headersSent) json(res, 500, { error: `fake hub: ${(e as Error).message}` });
      else res.end();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  hub.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: hub.base,
    requests: hub.requests,
    repos: hub.repos,
    fileText: (repoKey, path) => hub.repos.get(repoKey)?.files.get(path)?.toString("utf8"),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(hub: HubState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", hub.base);
  const path = decodeURIComponent(url.pathname);
  const auth = authOf(hub, req);
  const entry: FakeHubRequest = { method: req.method ?? "GET", path, status: 0, auth };
  hub.requests.push(entry);
  const body = await readBody(req);
  const send = (status: number, payload: unknown, type?: string) => {
    entry.status = status;
    json(res, status, payload, type);
  };
  const x: Exchange = { req, res, path, body, entry, send };
  for (const route of ROUTES) {
    const match = route.method === req.method ? route.pattern.exec(path) : null;
    if (!match) continue;
    if (route.public || auth === "valid") return route.handle(hub, x, match);
    break;
  }
  if (auth !== "valid") {
    return send(401, {
      error: auth === "none" ? "Unauthorized: no token" : "Invalid credentials in Authorization header",
    });
  }
  return send(404, { error: `fake hub does not emulate ${req.method} ${path}` });
}

function authOf(hub: HubState, req: IncomingMessage): FakeHubRequest["auth"] {
  const header = req.headers.authorization;
  if (!header) return "none";
  const m = /^Bearer (.+)$/.exec(header);
  return m && hub.options.tokens.includes(m[1]) ? "valid" : "invalid";
}

function json(res: ServerResponse, status: number, body: unknown, type = "application/json"): void {
  res.writeHead(status, { "Content-Type": type, "X-Request-Id": randomBytes(6).toString("hex") });
  res.end(JSON.stringify(body));
}

const ROUTES: Route[] = [
  { method: "PUT", pattern: /^\/__lfs-upload\/([0-9a-f]+)$/, public: true, handle: uploadToSlot },
  { method: "GET", pattern: /^\/api\/whoami-v2$/, handle: whoAmI },
  { method: "POST", pattern: /^\/api\/repos\/create$/, handle: createRepo },
  {
    method: "POST",
    pattern: /^\/api\/(models|datasets|spaces)\/([^/]+\/[^/]+)\/preupload\/(.+)$/,
    handle: preupload,
  },
  {
    method: "POST",
    pattern: /^\/(?:(datasets|spaces)\/)?([^/]+\/[^/]+)\.git\/info\/lfs\/objects\/batch$/,
    handle: lfsBatch,
  },
  {
    method: "POST",
    pattern: /^\/api\/(models|datasets|spaces)\/([^/]+\/[^/]+)\/commit\/(.+)$/,
    handle: commit,
  },
  {
    method: "GET",
    pattern: /^\/(?:(datasets|spaces)\/)?([^/]+\/[^/]+)\/resolve\/[^/]+\/(.+)$/,
    handle: resolveFile,
  },
];

/** PUT to an upload slot: the content must be the object the LFS batch call announced. */
function uploadToSlot(hub: HubState, { res, body, entry, send }: Exchange, slot: RegExpExecArray) {
  const target = hub.uploadSlots.get(slot[1]);
  if (!target) return send(404, { error: "unknown upload slot" });
  const sha = createHash("sha256").update(body).digest("hex");
  if (sha !== target.oid || body.length !== target.size)
    return send(400, { error: `uploaded content does not match oid ${target.oid}` });
  hub.lfsObjects.set(target.oid, body);
  hub.uploadSlots.delete(slot[1]);
  entry.status = 200;
  res.writeHead(200, { ETag: `"${sha}"` });
  res.end();
}

function whoAmI({ user, options }: HubState, { send }: Exchange) {
  send(200, {
    type: "user",
    id: "fake-user-id",
    name: user,
    fullname: user,
    email: `${user}@example.invalid`,
    emailVerified: true,
    isPro: false,
    canPay: false,
    avatarUrl: "",
    periodEnd: null,
    billingMode: "postpaid",
    orgs: (options.orgs ?? []).map((name) => ({ type: "org", id: `org-${name}`, name, fullname: name })),
    auth: {
      type: "access_token",
      accessToken: { displayName: "fake", role: "write", createdAt: new Date(0).toISOString() },
    },
  });
}

function createRepo(hub: HubState, { body, send }: Exchange) {
  const p = JSON.parse(body.toString("utf8")) as {
    name?: string;
    organization?: string;
    type?: FakeRepo["type"];
    visibility?: FakeRepo["visibility"];
    files?: { path: string; content: string; encoding?: string }[];
  };
  const type = p.type ?? "model";
  const ns = p.organization ?? hub.user;
  if (!p.name) return send(400, { error: "name is required" });
  if (!hub.namespaces.has(ns))
    return send(403, {
      error: `You don't have the rights to create a ${type} under the namespace "${ns}"`,
    });
  const key = `${type}s/${ns}/${p.name}`;
  const repoUrl = `${hub.base}/${type === "model" ? "" : `${type}s/`}${ns}/${p.name}`;
  if (hub.repos.has(key)) return send(409, { error: `You already created this ${type} repo`, url: repoUrl });
  const repo: FakeRepo = {
    type,
    id: `${ns}/${p.name}`,
    visibility: p.visibility ?? "public",
    files: new Map(),
    commits: [],
  };
  for (const f of p.files ?? [])
    repo.files.set(f.path, Buffer.from(f.content, f.encoding === "base64" ? "base64" : "utf8"));
  hub.repos.set(key, repo);
  send(200, { url: repoUrl, name: repo.id, id: randomBytes(12).toString("hex") });
}

/** Which files go through LFS (by size), and the commit they would follow. */
function preupload(hub: HubState, { body, send }: Exchange, m: RegExpExecArray) {
  const repo = hub.repos.get(`${m[1]}/${m[2]}`);
  if (!repo) return send(404, { error: "Repository not found" });
  const p = JSON.parse(body.toString("utf8")) as { files: { path: string; size: number }[] };
  send(200, {
    files: p.files.map((f) => ({
      path: f.path,
      uploadMode: f.size >= hub.lfsThreshold ? "lfs" : "regular",
      shouldIgnore: false,
    })),
    commitOid: lastCommit(repo),
  });
}

/** The Git LFS batch API ("basic" transfer): an upload slot for each object not stored yet. */
function lfsBatch(hub: HubState, { body, send }: Exchange, m: RegExpExecArray) {
  const repo = hub.repos.get(`${m[1] ?? "models"}/${m[2]}`);
  if (!repo) return send(404, { error: "Repository not found" });
  const p = JSON.parse(body.toString("utf8")) as {
    operation: string;
    objects: { oid: string; size: number }[];
  };
  if (p.operation !== "upload") return send(400, { error: "only upload is emulated" });
  const objects = p.objects.map((o) => {
    if (hub.lfsObjects.has(o.oid)) return { oid: o.oid, size: o.size, authenticated: true };
    const id = randomBytes(16).toString("hex");
    hub.uploadSlots.set(id, { oid: o.oid, size: o.size });
    return {
      oid: o.oid,
      size: o.size,
      authenticated: true,
      actions: { upload: { href: `${hub.base}/__lfs-upload/${id}`, expires_in: 3600 } },
    };
  });
  send(200, { transfer: "basic", objects }, "application/vnd.git-lfs+json");
}

/** The NDJSON commit: a header, then inline files, LFS files and deletions, applied all together. */
function commit(hub: HubState, { body, send }: Exchange, m: RegExpExecArray) {
  const repo = hub.repos.get(`${m[1]}/${m[2]}`);
  if (!repo) return send(404, { error: "Repository not found" });
  const lines = body
    .toString("utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as { key: string; value: Record<string, unknown> });
  const staged = new Map<string, Buffer | null>();
  let summary = "";
  for (const { key, value } of lines) {
    if (key === "header") summary = String(value.summary ?? "");
    else if (key === "file") {
      const encoding = value.encoding === "base64" ? "base64" : "utf8";
      staged.set(String(value.path), Buffer.from(String(value.content ?? ""), encoding));
    } else if (key === "lfsFile") {
      const data = hub.lfsObjects.get(String(value.oid));
      if (!data) return send(422, { error: `LFS object ${String(value.oid)} was never uploaded` });
      staged.set(String(value.path), data);
    } else if (key === "deletedFile") staged.set(String(value.path), null);
    else return send(400, { error: `unknown commit operation ${key}` });
  }
  for (const [p, data] of staged) {
    if (data === null) repo.files.delete(p);
    else repo.files.set(p, data);
  }
  const oid = randomBytes(20).toString("hex");
  repo.commits.push({ oid, summary, paths: [...staged.keys()] });
  const repoPath = `${repo.type === "model" ? "" : `${repo.type}s/`}${repo.id}`;
  send(200, {
    success: true,
    commitOid: oid,
    commitUrl: `${hub.base}/${repoPath}/commit/${oid}`,
    hookOutput: "",
  });
}

/** A committed file's bytes, as the Hub's resolve URL serves them. */
function resolveFile(hub: HubState, { res, entry, send }: Exchange, m: RegExpExecArray) {
  const data = hub.repos.get(`${m[1] ?? "models"}/${m[2]}`)?.files.get(m[3]);
  if (!data) return send(404, { error: "Entry not found" });
  entry.status = 200;
  res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": data.length });
  res.end(data);
}

function lastCommit(repo: FakeRepo): string {
  return repo.commits.at(-1)?.oid ?? "0".repeat(40);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
