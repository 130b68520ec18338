/** A file as the Files API describes it, plus its bytes. */
export interface StoredFile {
  id: string;
  object: "file";
  bytes: number;
  created_at: number;
  expires_at: number | null;
  filename: string;
  purpose: string;
  status: "processed";
  status_details: null;
  data: Buffer;
}

export type FileObject = Omit<StoredFile, "data">;

export const FILE_PURPOSES = [
  "batch",
  "batch_output",
  "fine-tune",
  "assistants",
  "vision",
  "user_data",
  "evals",
];

const THIRTY_DAYS_S = 30 * 24 * 3600;

/** In-memory files for the Files API (uploads and batch output). */
export class FileStore {
  private files = new Map<string, StoredFile>();
  private seq = 0;

  add(data: Buffer, filename: string, purpose: string): StoredFile {
    const created = Math.floor(Date.now() / 1000);
    const file: StoredFile = {
      id: `file-fake${++this.seq}`,
      object: "file",
      bytes: data.length,
      created_at: created,
      expires_at: purpose === "batch" || purpose === "batch_output" ? created + THIRTY_DAYS_S : null,
      filename,
      purpose,
      status: "processed",
      status_details: null,
      data,
    };
    this.files.set(file.id, file);
    return file;
  }

  get(id: string): StoredFile | undefined {
    return this.files.get(id);
  }

  delete(id: string): boolean {
    return this.files.delete(id);
  }

  /** Newest first, like the API. */
  list(purpose?: string): StoredFile[] {
    const all = [...this.files.values()].reverse();
    return purpose ? all.filter((f) => f.purpose === purpose) : all;
  }

  static describe(file: StoredFile): FileObject {
    const { data: _data, ...meta } = file;
    return meta;
  }
}
