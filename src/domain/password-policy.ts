/** What an office console password must be. Returns the reasons a password is refused (empty when it is fine). */
export type PasswordProblem = 'too_short' | 'too_long' | 'same_as_username' | 'one_character';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

export function passwordProblems(password: string, username: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN) problems.push('too_short');
  if (length > PASSWORD_MAX) problems.push('too_long');
  if (password.toLowerCase() === username.toLowerCase()) problems.push('same_as_username');
  if (length > 0 && new Set(password).size === 1) problems.push('one_character');
  return problems;
}

/** Usernames are short ASCII handles typed at the login form and in scripts. */
export const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{3,32}$/;
