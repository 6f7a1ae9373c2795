import { passwordProblems } from '../../src/domain/password-policy.ts';
import { hashPassword, verifyPassword } from '../../src/services/passwords.ts';

describe('office console passwords', () => {
  it('accepts a long password that is not the username', () => {
    expect(passwordProblems('渡口督导2026年春季', 'admin')).toEqual([]);
  });

  it('refuses short passwords, the username itself, and one repeated character', () => {
    expect(passwordProblems('abc', 'admin')).toEqual(['too_short']);
    expect(passwordProblems('Administrator', 'administrator')).toEqual(['same_as_username']);
    expect(passwordProblems('aaaaaaaaaaaa', 'admin')).toEqual(['one_character']);
  });

  it('stores a salted scrypt hash that names its parameters and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('horse');
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('anything', 'md5$abc')).toBe(false);
  });
});
