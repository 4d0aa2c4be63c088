/**
 * Escapes text for HTML element content and quoted attribute values (also inside
 * inline SVG): every string that comes from data goes through here.
 *
 * @example
 * escapeHtml(`<script>alert(1)</script> & "Øst"`)
 * // "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Øst&quot;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character]!);
}

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
