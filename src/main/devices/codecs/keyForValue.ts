/** Reverse lookup in a wire-code table (`{ f32: 1, … }`): the name for a code, or undefined for an unknown code. */
export function keyForValue<K extends string>(table: Readonly<Record<K, number>>, value: number): K | undefined {
  for (const key of Object.keys(table) as K[]) {
    if (table[key] === value) return key;
  }
  return undefined;
}
