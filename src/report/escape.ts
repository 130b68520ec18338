/**
 * Escaping for text placed in HTML (element content and quoted attribute values, SVG included).
 * Every piece of model or user text in report.html goes through this: a `<script>` or an
 * `<img onerror>` in a dialogue becomes visible text, never markup.
 */
const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
