/**
 * An .xlsx is a zip archive, and a zip can hold far more than it weighs (a 1.4 MB file with a 490 MB sheet inside).
 * Before any spreadsheet code reads it, its central directory is checked — the number of entries and each entry's
 * uncompressed size — and every entry is inflated once as a stream and thrown away, counting bytes: yauzl stops an
 * entry that inflates to more than its directory said, so an archive that lies about its sizes is caught too.
 * Then the caller reads the entries it wants, each as a stream of text (never a whole sheet in memory).
 */
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import yauzl from 'yauzl';
import { DudaoError } from '../domain/errors.ts';
import { IMPORT_LIMITS } from '../domain/import-limits.ts';
import { importLimitText, importProblemText, importRefused } from '../../templates/import.ts';

export interface ArchiveLimits { archiveEntries: number; entryBytes: number; archiveBytes: number }

export interface XlsxArchive {
  /** The names of the archive's entries. */
  names: string[];
  /** One entry's content as a stream of UTF-8 text chunks (decoded across chunk boundaries), or undefined when absent. */
  text(name: string): Promise<Readable | undefined>;
  close(): void;
}

/** Checks the archive against the limits (413 past one, 422 when it is no zip) and opens it for reading. */
export async function openXlsxArchive(data: Buffer, fileName: string, limits: ArchiveLimits = IMPORT_LIMITS): Promise<XlsxArchive> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(data, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false });
  } catch (err) {
    throw unreadable(fileName, importLimitText.notXlsx((err as Error).message));
  }
  const entries = new Map<string, yauzl.Entry>();
  try {
    if (zip.entryCount > limits.archiveEntries) throw tooLarge(importLimitText.tooManyEntries(zip.entryCount, limits.archiveEntries));
    let total = 0;
    for (;;) {
      const entry = await nextEntry(zip, fileName);
      if (!entry) break;
      if (entry.uncompressedSize > limits.entryBytes) throw tooLarge(importLimitText.entryTooLarge(entry.fileName, entry.uncompressedSize, limits.entryBytes));
      total += entry.uncompressedSize;
      if (total > limits.archiveBytes) throw tooLarge(importLimitText.archiveTooLarge(limits.archiveBytes));
      if (entry.fileName.endsWith('/')) continue;
      await inflateAndCount(zip, entry, fileName);
      entries.set(entry.fileName.replace(/^\//, ''), entry);
    }
  } catch (err) {
    zip.close();
    throw err;
  }
  return {
    names: [...entries.keys()],
    async text(name) {
      const entry = entries.get(name);
      if (!entry) return undefined;
      const stream = await zip.openReadStreamPromise(entry);
      return Readable.from((async function* () {
        const decoder = new StringDecoder('utf8');
        for await (const chunk of stream) yield decoder.write(chunk as Buffer);
        const rest = decoder.end();
        if (rest) yield rest;
      })());
    },
    close: () => zip.close(),
  };
}

/** The whole file refused because it is not a readable archive (422, as any unreadable import file). */
function unreadable(file: string, reason: string): DudaoError {
  return new DudaoError('invalid_import', importRefused(1), { errors: [{ sheet: file, message: importProblemText({ kind: 'unreadable_file', reason }) }] });
}

const tooLarge = (message: string) => new DudaoError('payload_too_large', message);

async function nextEntry(zip: yauzl.ZipFile, fileName: string): Promise<yauzl.Entry | undefined> {
  try {
    return await new Promise<yauzl.Entry | undefined>((resolve, reject) => {
      const cleanup = () => { zip.off('entry', onEntry); zip.off('end', onEnd); zip.off('error', onError); };
      const onEntry = (e: yauzl.Entry) => { cleanup(); resolve(e); };
      const onEnd = () => { cleanup(); resolve(undefined); };
      const onError = (err: Error) => { cleanup(); reject(err); };
      zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
      zip.readEntry();
    });
  } catch (err) {
    throw unreadable(fileName, importLimitText.notXlsx((err as Error).message));
  }
}

async function inflateAndCount(zip: yauzl.ZipFile, entry: yauzl.Entry, fileName: string): Promise<void> {
  try {
    const stream = await zip.openReadStreamPromise(entry);
    for await (const _chunk of stream) { /* yauzl counts the bytes against the declared size */ }
  } catch (err) {
    const message = (err as Error).message;
    if (/too many bytes/i.test(message)) throw tooLarge(importLimitText.sizeLies(entry.fileName));
    throw unreadable(fileName, importLimitText.notXlsx(message));
  }
}
