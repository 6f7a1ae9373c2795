import { isStaleDraft, missingForSubmit } from '../../src/domain/visit-rules.ts';
import { isEntryKind, isTextEntryKind } from '../../src/domain/visit-entry-kinds.ts';
import { ratingCode, RATINGS, toRating } from '../../src/domain/ratings.ts';
import { missingList } from '../../templates/visit-missing.ts';

describe('the 2+2 rule and the items rule', () => {
  it('passes a record with two strengths, two weaknesses and one item', () => {
    expect(missingForSubmit({ strengths: 2, weaknesses: 3, items: 1 })).toEqual([]);
  });

  it('names every part that is short, with how many are needed and how many there are', () => {
    expect(missingForSubmit({ strengths: 1, weaknesses: 0, items: 0 })).toEqual([
      { code: 'strengths', need: 2, have: 1 },
      { code: 'weaknesses', need: 2, have: 0 },
      { code: 'items', need: 1, have: 0 },
    ]);
  });

  it('turns the missing parts into the Chinese a supervisor reads', () => {
    expect(missingList(missingForSubmit({ strengths: 1, weaknesses: 2, items: 0 }))).toBe(
      '1. 亮点至少2条（已记1条），发送"亮点：…"补充\n2. 至少勾选1项督导事项，发送"事项 3 5"或在事项卡片中勾选',
    );
  });

  it('calls a draft stale after twelve hours without activity, not before', () => {
    const last = new Date('2026-05-20T01:00:00Z');
    expect(isStaleDraft(last, new Date('2026-05-20T12:59:59Z'))).toBe(false);
    expect(isStaleDraft(last, new Date('2026-05-20T13:00:00Z'))).toBe(true);
  });
});

describe('entry kinds and ratings', () => {
  it('knows the six entry kinds and that a photo carries no text', () => {
    expect(isEntryKind('onsite_fix')).toBe(true);
    expect(isEntryKind('praise')).toBe(false);
    expect(isTextEntryKind('photo')).toBe(false);
    expect(isTextEntryKind('problem')).toBe(true);
  });

  it('offers the four ratings of the 纪实表 and reads them from labels or button codes', () => {
    expect(RATINGS).toEqual(['非常满意', '满意', '基本满意', '不满意']);
    expect(toRating(' 满意 ')).toBe('满意');
    expect(toRating(ratingCode('基本满意'))).toBe('基本满意');
    expect(toRating('还行')).toBeNull();
  });
});
