/**
 * The enum value a Chinese label names, through a module's label table (e.g. EDUCATION_LABELS):
 * the one reverse lookup every import uses. The enum's own name is accepted too (BACHELOR).
 */
export function fromLabel<E extends string>(labels: Record<E, string>, text: string): E | undefined {
  const wanted = text.trim();
  for (const [value, label] of Object.entries(labels) as [E, string][]) {
    if (label === wanted || value === wanted.toUpperCase()) return value;
  }
  return undefined;
}
