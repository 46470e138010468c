/** For the few places that build HTML strings (ECharts tooltips, Leaflet popups): user text must be escaped. */
export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** An element holding plain text, for libraries that accept a node instead of an HTML string. */
export function textNode(s: string, tag = 'span'): HTMLElement {
  const el = document.createElement(tag);
  el.textContent = s;
  return el;
}
