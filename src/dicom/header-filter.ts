import type { HeaderElement } from './header-tree';

/**
 * The elements that match a filter typed in the header inspector: a keyword ("PatientName", any part,
 * any case), a tag number ("(0010,0010)", "0010,0010", "00100010"; "0010," for a whole group, ",0010"
 * for an element number in any group), or any part of a value or of a private creator's name. A sequence
 * that matches is kept whole; one that does not is kept, with only the items and elements that match
 * beneath it, when something inside it does.
 */
export function filterHeader(elements: readonly HeaderElement[], query: string): HeaderElement[] {
  const matches = matcher(query);
  return matches ? filterWith(elements, matches) : [...elements];
}

/** Every element, those inside sequence items included. */
export function countElements(elements: readonly HeaderElement[]): number {
  return elements.reduce(
    (sum, element) => sum + 1 + (element.items ?? []).reduce((n, item) => n + countElements(item.elements), 0),
    0,
  );
}

function filterWith(elements: readonly HeaderElement[], matches: (element: HeaderElement) => boolean): HeaderElement[] {
  return elements.flatMap((element) => {
    if (matches(element)) return [element];
    if (!element.items) return [];
    const items = element.items
      .map((item) => ({ index: item.index, elements: filterWith(item.elements, matches) }))
      .filter((item) => item.elements.length > 0);
    return items.length > 0 ? [{ ...element, items }] : [];
  });
}

function matcher(query: string): ((element: HeaderElement) => boolean) | null {
  const text = query.trim().toLowerCase();
  if (!text) return null;
  const tag = tagMatcher(text);
  return (element) =>
    tag(element.tag) ||
    element.keyword.toLowerCase().includes(text) ||
    element.value.toLowerCase().includes(text) ||
    (element.fullValue?.toLowerCase().includes(text) ?? false) ||
    (element.private?.creator?.toLowerCase().includes(text) ?? false);
}

/** A tag number typed with or without parentheses and comma, matched against "(gggg,eeee)". */
function tagMatcher(text: string): (label: string) => boolean {
  const bare = text.replace(/[()\s]/g, '');
  const hex = /^[0-9a-f]*$/;
  if (bare.includes(',')) {
    const [group = '', element = '', ...rest] = bare.split(',');
    if (rest.length > 0 || !hex.test(group) || !hex.test(element) || group.length > 4 || element.length > 4) return () => false;
    return (label) => {
      const [g, e] = label.slice(1, -1).toLowerCase().split(',') as [string, string];
      return g.startsWith(group) && e.startsWith(element);
    };
  }
  // Fewer than 4 digits are more likely a number in a value than part of a tag.
  if (bare.length < 4 || bare.length > 8 || !hex.test(bare)) return () => false;
  return (label) => label.replace(/[(),]/g, '').toLowerCase().includes(bare);
}
