import { Readable } from 'node:stream';
import { readMultipart, type MultipartLimits } from '../../src/http/multipart.ts';

const CT = 'multipart/form-data; boundary=XyZ';
const body = (...parts: string[]) => Readable.from([Buffer.from(`${parts.join('')}--XyZ--\r\n`)]);
const file = (name: string, filename: string, content: string, type = 'text/csv') =>
  `--XyZ\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n${content}\r\n`;
const field = (name: string, value: string) => `--XyZ\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const small: MultipartLimits = { fileBytes: 100, totalBytes: 150, files: 2, fields: 2, fieldBytes: 20, parts: 4 };

describe('reading a multipart/form-data upload as it streams', () => {
  it('returns each part with its field name, UTF-8 file name, type and bytes', async () => {
    const parts = await readMultipart(body(file('file', '学校.csv', '学校名称\r\n实验小学'), field('note', 'hello')), CT);
    expect(parts.map((p) => [p.name, p.filename, p.contentType, p.data.toString()])).toEqual([
      ['file', '学校.csv', 'text/csv', '学校名称\r\n实验小学'],
      ['note', undefined, undefined, 'hello'],
    ]);
  });

  it("reads an RFC 5987 filename*=UTF-8'' name", async () => {
    const part = `--XyZ\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''${encodeURIComponent('人员.csv')}\r\n\r\nx\r\n`;
    const [p] = await readMultipart(body(part), CT);
    expect(p!.filename).toBe('人员.csv');
  });

  it.each([
    ['a file over its size limit', [file('file', 'a.csv', 'x'.repeat(101))], /文件「a.csv」超过/],
    ['files over the total limit', [file('file', 'a.csv', 'x'.repeat(80)), file('file', 'b.csv', 'x'.repeat(80))], /合计超过/],
    ['too many files', [file('file', 'a.csv', 'x'), file('file', 'b.csv', 'x'), file('file', 'c.csv', 'x')], /最多上传 2 个文件/],
    ['too many fields', [field('a', '1'), field('b', '2'), field('c', '3')], /表单字段最多 2 个/],
    ['a field over its size limit', [field('a', 'y'.repeat(21))], /字段「a」超过/],
  ])('refuses %s with 413 and the limit', async (_what, parts, reason) => {
    await expect(readMultipart(body(...parts), CT, small)).rejects.toMatchObject({ status: 413, message: expect.stringMatching(reason) });
  });

  it('refuses a body without a boundary', async () => {
    await expect(readMultipart(Readable.from([Buffer.from('nothing')]), 'multipart/form-data')).rejects.toMatchObject({ status: 400 });
  });
});
