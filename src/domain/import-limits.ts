/**
 * How much an import may hold. A district has some hundreds of schools and a few thousand people, so these leave
 * room many times over while keeping one import to seconds of work: every file is checked against them before its
 * contents are read (an .xlsx by its zip directory, then row by row as it streams; a CSV as it is parsed).
 */
export const IMPORT_LIMITS = {
  /** The upload itself (the .xlsx, or all CSV files of one multipart request together). */
  uploadBytes: 10 * 1024 * 1024,
  /** Files in one multipart upload (five lists, plus room for a 说明 or two). */
  files: 10,
  /** Data rows in one import, all sheets together (the header rows not counted). */
  rows: 20_000,
  /** Entries in an .xlsx archive (a workbook of a few sheets has about a dozen). */
  archiveEntries: 500,
  /** Uncompressed size of one entry of an .xlsx (a sheet's XML), and of all entries together. */
  entryBytes: 50 * 1024 * 1024,
  archiveBytes: 100 * 1024 * 1024,
} as const;
