/**
 * What a supervisor records during a visit, one entry at a time (conversations.md §1.3). A `problem` becomes a
 * 整改通知书 on submit; an `onsite_fix` is a problem solved on the spot, with no notice.
 */
export const ENTRY_KINDS = ['strength', 'weakness', 'suggestion', 'problem', 'onsite_fix', 'photo'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** Kinds that carry text (a photo carries a media id instead). */
export const TEXT_ENTRY_KINDS = ['strength', 'weakness', 'suggestion', 'problem', 'onsite_fix'] as const;
export type TextEntryKind = (typeof TEXT_ENTRY_KINDS)[number];

export const isEntryKind = (v: string): v is EntryKind => (ENTRY_KINDS as readonly string[]).includes(v);
export const isTextEntryKind = (v: string): v is TextEntryKind => (TEXT_ENTRY_KINDS as readonly string[]).includes(v);

/** Longest rectification deadline a problem may carry, in days (one school year). */
export const MAX_DEADLINE_DAYS = 365;
