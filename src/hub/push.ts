import { openAsBlob } from "node:fs";
import { createRepo, HubApiError, uploadFiles, whoAmI } from "@huggingface/hub";
import { AuthError, EndpointError, UsageError } from "../core/errors.js";
import { readSecretFromEnv, redactSecrets } from "../core/secrets.js";
import { computeStats, type StatsTokenizer } from "../report/stats.js";
import { buildDatasetCard } from "./card.js";
import { planPush, type SplitFile } from "./splits.js";

export const DEFAULT_HUB_URL = "https://huggingface.co";

export interface PushOptions {
  /** `user/name` or `org/name`. */
  repoId: string;
  /** Create the repo private (an existing repo keeps its visibility). */
  private?: boolean;
  /** Hub base URL (default $HF_ENDPOINT, else https://huggingface.co; tests use a local fake). */
  hubUrl?: string;
  /** Name of the environment variable holding the token (default HF_TOKEN). */
  tokenEnv?: string;
  /** Environment to read the token from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** License id for the card (default "other"). */
  license?: string;
  /** Explicit eval split file. */
  evalFile?: string;
  /** Tokenizer for the card's statistics (default o200k). */
  tokenizer?: StatsTokenizer;
  commitTitle?: string;
  /** Progress notes for the CLI; the library itself prints nothing. */
  onProgress?: (message: string) => void;
}

export interface PushResult {
  repoId: string;
  repoUrl: string;
  /** True when the repo already existed (its visibility was left as it was). */
  existed: boolean;
  commitOid?: string;
  files: { path: string; records?: number; bytes: number }[];
}

const REPO_ID = /^[A-Za-z0-9][\w.-]{0,95}\/[A-Za-z0-9][\w.-]{0,95}$/;

/**
 * Pushes a run directory or a JSONL file to a Hugging Face dataset repo: creates the repo if
 * needed, then one commit with the split files and a README.md dataset card. The token is read
 * from the environment here, at the moment of use, handed only to the Hub client, and scrubbed
 * from every error message.
 */
export async function pushDataset(input: string, options: PushOptions): Promise<PushResult> {
  const progress = options.onProgress ?? (() => {});
  const { tokenEnv, hubUrl, token } = pushSettings(options);
  const plan = await planPush(input, options.evalFile);

  progress("computing statistics for the dataset card...");
  // Statistics describe what is uploaded: the default config's splits (plus the run's report).
  const stats = await computeStats(plan.source, {
    tokenizer: options.tokenizer,
    examples: 0,
    files: plan.splits.filter((s) => s.config === "default").map((s) => s.local),
  });
  const card = buildDatasetCard({
    repoId: options.repoId,
    stats,
    splits: plan.splits,
    license: options.license ?? "other",
  });

  const repo = { type: "dataset" as const, name: options.repoId };
  try {
    const me = await whoAmI({ accessToken: token, hubUrl });
    progress(`authenticated to ${hubUrl} as ${me.name}`);

    let existed = false;
    let repoUrl = `${hubUrl}/datasets/${options.repoId}`;
    try {
      const created = await createRepo({
        repo,
        accessToken: token,
        hubUrl,
        ...(options.private ? { visibility: "private" as const } : {}),
      });
      repoUrl = created.repoUrl ?? repoUrl;
      progress(`created dataset repo ${options.repoId}${options.private ? " (private)" : ""}`);
    } catch (e) {
      if (!(e instanceof HubApiError) || e.statusCode !== 409) throw e;
      existed = true;
      progress(
        `dataset repo ${options.repoId} exists: adding a commit${options.private ? " (its visibility is left as it is)" : ""}`,
      );
    }

    const files = await Promise.all(
      plan.splits.map(async (s: SplitFile) => ({ path: s.repoPath, content: await openAsBlob(s.local) })),
    );
    const cardBlob = new Blob([card], { type: "text/markdown" });
    files.push({ path: "README.md", content: cardBlob });
    progress(`uploading ${files.map((f) => f.path).join(", ")}...`);
    const out = await uploadFiles({
      repo,
      accessToken: token,
      hubUrl,
      files,
      commitTitle:
        options.commitTitle ??
        `Upload dataset with dialogsmith (${plan.splits.map((s) => s.split).join(", ")})`,
    });
    return {
      repoId: options.repoId,
      repoUrl,
      existed,
      commitOid: out?.commit.oid,
      files: [
        ...plan.splits.map((s, i) => ({
          path: s.repoPath,
          records: s.records,
          bytes: files[i].content.size,
        })),
        { path: "README.md", bytes: cardBlob.size },
      ],
    };
  } catch (e) {
    throw hubError(e, { hubUrl, tokenEnv, repoId: options.repoId });
  }
}

/** The checks a push makes before touching the Hub: repo id, Hub URL, token (read now, never kept). */
function pushSettings(options: PushOptions): { tokenEnv: string; hubUrl: string; token: string } {
  const tokenEnv = options.tokenEnv ?? "HF_TOKEN";
  const env = options.env ?? process.env;
  const hubUrl = (options.hubUrl ?? env.HF_ENDPOINT ?? DEFAULT_HUB_URL).replace(/\/+$/, "");
  if (!REPO_ID.test(options.repoId))
    throw new UsageError(
      `--repo-id must look like user/name (letters, digits, '-', '_', '.'), got '${options.repoId}'`,
    );
  if (!/^https?:\/\//.test(hubUrl)) throw new UsageError(`--hub-url must be an http(s) URL, got '${hubUrl}'`);
  const token = readSecretFromEnv(tokenEnv, env);
  if (!token)
    throw new UsageError(
      `$${tokenEnv} is not set: export a Hugging Face write token (https://huggingface.co/settings/tokens)`,
    );
  // The client rejects other tokens with a TypeError of its own; say which variable to fix.
  if (!token.startsWith("hf_"))
    throw new UsageError(`$${tokenEnv} does not hold a Hugging Face token (they start with "hf_")`);
  return { tokenEnv, hubUrl, token };
}

/**
 * Checks that a push could authenticate, before a pipeline spends anything on the data it would
 * push: the settings above, and the Hub accepting the token. Returns the Hub user name.
 */
export async function checkPushAccess(options: PushOptions): Promise<string> {
  const { tokenEnv, hubUrl, token } = pushSettings(options);
  try {
    return (await whoAmI({ accessToken: token, hubUrl })).name;
  } catch (e) {
    throw hubError(e, { hubUrl, tokenEnv, repoId: options.repoId });
  }
}

/** Turns a Hub client failure into one of our errors, with the token scrubbed from the text. */
function hubError(e: unknown, ctx: { hubUrl: string; tokenEnv: string; repoId: string }): Error {
  if (e instanceof HubApiError) {
    const detail = redactSecrets(firstLine(hubMessage(e)));
    if (e.statusCode === 401)
      return new AuthError(
        `the Hugging Face Hub at ${ctx.hubUrl} rejected the token in $${ctx.tokenEnv} (401): check that it is valid`,
      );
    if (e.statusCode === 403)
      return new AuthError(
        `the token in $${ctx.tokenEnv} may not write to ${ctx.repoId} (403): use a token with write access to that namespace (${detail})`,
      );
    return new EndpointError(`Hub request failed with status ${e.statusCode}: ${detail}`);
  }
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err instanceof TypeError && /fetch failed/i.test(err.message)) {
    const why = err.cause?.code ?? err.cause?.message ?? "connection failed";
    return new EndpointError(`cannot reach the Hugging Face Hub at ${ctx.hubUrl} (${why})`);
  }
  return new EndpointError(
    `push to ${ctx.repoId} failed: ${redactSecrets(firstLine(err?.message ?? String(e)))}`,
  );
}

/**
 * What the Hub said. Its client builds the message from the body's `error` field, which some
 * endpoints send as an object ({"error": {"message": ...}}): that printed "[object Object]".
 */
function hubMessage(e: HubApiError): string {
  const text = (v: unknown, depth = 0): string | undefined => {
    if (typeof v === "string" && v.trim() !== "") return v.trim();
    if (!v || typeof v !== "object" || depth > 3) return undefined;
    const o = v as Record<string, unknown>;
    return (
      text(o.message, depth + 1) ?? text(o.error, depth + 1) ?? text(o.detail, depth + 1) ?? JSON.stringify(v)
    );
  };
  const data = e.data as Record<string, unknown> | undefined;
  const said = text(data?.error) ?? text(data?.message) ?? text(data?.detail);
  const fromClient = e.message.startsWith("[object Object]") ? undefined : e.message;
  return (said ?? fromClient ?? `status ${e.statusCode}`).slice(0, 500);
}

function firstLine(s: string): string {
  return s.split("\n")[0];
}
