/** The parts of a parsed DOM node this module reads (cheerio's nodes are domhandler nodes). */
interface DomNode {
  type: string;
  name?: string;
  data?: string;
  children?: DomNode[];
}

/** Never visible: dropped with everything inside. */
const HIDDEN = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "head",
  "title",
  "svg",
  "iframe",
  "object",
  "canvas",
  "select",
]);
const BLOCK = new Set(
  (
    "address,article,aside,blockquote,dd,details,div,dl,dt,fieldset,figcaption,figure,footer,form,h1,h2,h3," +
    "h4,h5,h6,header,hr,li,main,nav,ol,p,pre,section,summary,table,tr,ul"
  ).split(","),
);

/** Page furniture around a generic page's content; kept out of a transcript read from the page. */
const CHROME = new Set(["nav", "header", "footer", "aside", "form", "button"]);

/**
 * The text a reader sees in these (cheerio) nodes: scripts, styles and other hidden elements dropped, source line breaks
 * and indentation collapsed (except in `<pre>`), `<br>` and block elements as line breaks.
 * `dropChrome` also drops navigation, header, footer and forms.
 */
export function visibleText(nodes: readonly object[], options: { dropChrome?: boolean } = {}): string {
  const parts: string[] = [];
  const skip = options.dropChrome ? new Set([...HIDDEN, ...CHROME]) : HIDDEN;
  for (const node of nodes) walk(node as DomNode, parts, false, skip);
  return parts
    .join("")
    .split("\n")
    .map((l) => l.trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function walk(node: DomNode, out: string[], pre: boolean, skip: ReadonlySet<string>): void {
  if (node.type === "text") {
    out.push(pre ? (node.data ?? "") : (node.data ?? "").replace(/\s+/g, " "));
    return;
  }
  const name = node.name?.toLowerCase();
  if (node.type === "comment" || node.type === "directive" || (name && skip.has(name))) return;
  if (name === "br") {
    out.push("\n");
    return;
  }
  const block = name !== undefined && BLOCK.has(name);
  if (block) out.push("\n");
  for (const child of node.children ?? []) walk(child, out, pre || name === "pre", skip);
  if (block) out.push("\n");
}
