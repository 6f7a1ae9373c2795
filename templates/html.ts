/** Escaping for the HTML templates: every value from the database passes through `esc`. */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const esc = (v: unknown): string => String(v ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]);

/** Multi-line text with its line breaks kept. */
export const escLines = (v: unknown): string => esc(v).replace(/\r?\n/g, '<br>');
