import { parseMultipart } from '../../src/http/multipart.ts';

describe('reading a multipart/form-data upload', () => {
  it('returns each part with its field name, UTF-8 file name and bytes', () => {
    const body = Buffer.concat([
      Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="file"; filename="学校.csv"\r\nContent-Type: text/csv\r\n\r\n'),
      Buffer.from('学校名称\r\n实验小学\r\n'),
      Buffer.from('\r\n--XyZ\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--XyZ--\r\n'),
    ]);
    const parts = parseMultipart(body, 'multipart/form-data; boundary=XyZ');
    expect(parts.map((p) => [p.name, p.filename, p.contentType, p.data.toString()])).toEqual([
      ['file', '学校.csv', 'text/csv', '学校名称\r\n实验小学\r\n'],
      ['note', undefined, undefined, 'hello'],
    ]);
  });

  it('refuses a body without the boundary it announces', () => {
    expect(() => parseMultipart(Buffer.from('nothing here'), 'multipart/form-data; boundary=abc')).toThrow('multipart/form-data 格式错误');
  });
});
