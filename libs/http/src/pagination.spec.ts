import { DomainError } from './domain-error';
import { pageOf, pageOffset } from './pagination';

const letters = [...'abcdefg'];

/** Every page of `items` at `limit`, following nextCursor as a client does. */
function pages<T>(items: T[], limit: number): T[][] {
  const out: T[][] = [];
  let cursor: string | undefined;
  do {
    const page = pageOf(items, { limit, cursor });
    out.push(page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && out.length < 100);
  return out;
}

describe('pageOf: a list held in memory, paged like every other list', () => {
  it('pages through exactly the whole list in its order, the last page without a cursor', () => {
    expect(pages(letters, 3)).toEqual([['a', 'b', 'c'], ['d', 'e', 'f'], ['g']]);
    expect(pages(letters, 7)).toEqual([letters]);
    expect(pages([], 5)).toEqual([[]]);
    expect(pageOf(letters, {}).items).toEqual(letters); // 50 by default
  });

  it('answers a cursor past the end of a list that shrank as an empty last page', () => {
    const { nextCursor } = pageOf(letters, { limit: 6 });
    expect(pageOf(letters.slice(0, 2), { limit: 6, cursor: nextCursor! })).toEqual({ items: [], nextCursor: null });
  });

  it('refuses a cursor it did not make with 400 INVALID_CURSOR', () => {
    const bad = ['nope', Buffer.from('o:0').toString('base64url'), Buffer.from('o:-1').toString('base64url'), '01a2'];
    for (const cursor of bad) {
      expect(() => pageOffset({ cursor })).toThrow(DomainError);
      let caught: unknown;
      try {
        pageOf(letters, { cursor });
      } catch (error) {
        caught = error;
      }
      expect(caught).toMatchObject({ code: 'INVALID_CURSOR', status: 400 });
    }
  });
});
