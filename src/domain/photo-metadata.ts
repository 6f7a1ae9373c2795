/**
 * Photos leave for the public without what the camera wrote into them (domain.md §2.7: strip EXIF): a JPEG loses its
 * APP1 segments (EXIF with GPS position and time, XMP) and comments, a PNG its eXIf and text chunks. The picture
 * itself is untouched. Pure; anything that is not a well-formed JPEG or PNG comes back as it was.
 */

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_DROP = new Set(['eXIf', 'tEXt', 'iTXt', 'zTXt', 'tIME']);

export function withoutMetadata(bytes: Buffer): Buffer {
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8) return jpeg(bytes) ?? bytes;
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return png(bytes) ?? bytes;
  return bytes;
}

function jpeg(bytes: Buffer): Buffer | null {
  const parts: Buffer[] = [bytes.subarray(0, 2)];
  let i = 2;
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1];
    // Start of scan: the rest is image data (and the end marker), kept whole.
    if (marker === 0xda) {
      parts.push(bytes.subarray(i));
      return Buffer.concat(parts);
    }
    const length = bytes.readUInt16BE(i + 2);
    if (length < 2 || i + 2 + length > bytes.length) return null;
    const drop = marker === 0xe1 || marker === 0xfe; // APP1 (EXIF, XMP), COM
    if (!drop) parts.push(bytes.subarray(i, i + 2 + length));
    i += 2 + length;
  }
  return null;
}

function png(bytes: Buffer): Buffer | null {
  const parts: Buffer[] = [PNG_SIGNATURE];
  let i = 8;
  while (i + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(i);
    const end = i + 12 + length;
    if (end > bytes.length) return null;
    const type = bytes.toString('latin1', i + 4, i + 8);
    if (!PNG_DROP.has(type)) parts.push(bytes.subarray(i, end));
    i = end;
    if (type === 'IEND') return Buffer.concat(parts);
  }
  return null;
}
