/** What a visit record still lacks (domain/visit-rules.ts codes), in the words a supervisor reads. */
import type { Missing } from '../src/domain/visit-rules.ts';

export function missingText(m: Missing): string {
  switch (m.code) {
    case 'strengths':
      return `亮点至少${m.need}条（已记${m.have}条），发送"亮点：…"补充`;
    case 'weaknesses':
      return `不足至少${m.need}条（已记${m.have}条），发送"不足：…"补充`;
    case 'items':
      return '至少勾选1项督导事项，发送"事项 3 5"或在事项卡片中勾选';
  }
}

export function missingList(missing: Missing[]): string {
  return missing.map((m, i) => `${i + 1}. ${missingText(m)}`).join('\n');
}
