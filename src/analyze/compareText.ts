/**
 * Orders strings by code unit, like `Array.prototype.sort()`: unlike `localeCompare` it does not
 * depend on the machine's locale, so findings come out in the same order everywhere.
 */
export function compareText(a: string | undefined, b: string | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}
