// Loaded with `node --import`: records the URL of every ES module the process loads, one a line,
// in the file named by $DIALOGSMITH_MODULE_LOG (tests check which modules a command pulls in).
import { register } from "node:module";

register("./module-log-hooks.mjs", import.meta.url);
