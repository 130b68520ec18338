/**
 * A preload (`node --import`) that makes the disk under $ENOSPC_DIR "full" after
 * $ENOSPC_AFTER_BYTES bytes: the write that crosses the limit is cut short, every later one fails
 * with ENOSPC, as on a real full disk. For tests where a real tiny tmpfs cannot be mounted.
 */
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { resolve } from "node:path";

const dir = resolve(process.env.ENOSPC_DIR ?? "/nonexistent");
const limit = Number(process.env.ENOSPC_AFTER_BYTES ?? "0");
let written = 0;
const watched = new Set();

const openSync = fs.openSync;
fs.openSync = function (path, ...rest) {
  const fd = openSync.call(this, path, ...rest);
  if (resolve(String(path)).startsWith(dir)) watched.add(fd);
  else watched.delete(fd);
  return fd;
};
const closeSync = fs.closeSync;
fs.closeSync = function (fd) {
  watched.delete(fd);
  return closeSync.call(this, fd);
};
const writeSync = fs.writeSync;
fs.writeSync = function (fd, data, ...rest) {
  if (!watched.has(fd)) return writeSync.call(this, fd, data, ...rest);
  const bytes =
    typeof data === "string" ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const offset = typeof data === "string" ? 0 : (rest[0] ?? 0);
  const length = typeof data === "string" ? bytes.length : (rest[1] ?? bytes.length - offset);
  const room = limit - written;
  if (room <= 0) {
    const e = new Error("ENOSPC: no space left on device, write");
    Object.assign(e, { code: "ENOSPC", errno: -28, syscall: "write" });
    throw e;
  }
  const n = writeSync.call(this, fd, bytes, offset, Math.min(length, room));
  written += n;
  return n;
};
syncBuiltinESMExports();
