import { storableText, storableValue } from '../../src/domain/storable-text.ts';
import { refusedByDatabase } from '../../src/db/refusal.ts';

describe('text PostgreSQL will store', () => {
  it('drops NUL and replaces lone surrogates, keeping emoji and everything else', () => {
    expect(storableText('亮点\u0000：整洁')).toBe('亮点：整洁');
    expect(storableText('半个\uD83D表情')).toBe('半个\uFFFD表情');
    expect(storableText('\uDE00尾')).toBe('\uFFFD尾');
    expect(storableText('完整😀表情\t\n')).toBe('完整😀表情\t\n');
  });

  it('cleans every string in a message, keys included, and returns the same object when nothing needed it', () => {
    const clean = { text: '好', raw: { Content: '好' } };
    expect(storableValue(clean)).toBe(clean);
    expect(storableValue({ text: 'a\u0000b', raw: { ['K\u0000']: ['x\u0000'] }, n: 1 })).toEqual({ text: 'ab', raw: { K: ['x'] }, n: 1 });
  });
});

describe('a refusal by the database, told from the database being away', () => {
  it('is a SQLSTATE of class 22 or 23, found through wrapped causes', () => {
    expect(refusedByDatabase(Object.assign(new Error('x'), { code: '22P05' }))).toBe(true);
    expect(refusedByDatabase(new Error('wrapped', { cause: Object.assign(new Error('check'), { code: '23514' }) }))).toBe(true);
    expect(refusedByDatabase(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(refusedByDatabase(Object.assign(new Error('shutdown'), { code: '57P01' }))).toBe(false);
    expect(refusedByDatabase(new Error('timeout'))).toBe(false);
  });
});
