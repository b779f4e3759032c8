/**
 * The lexical rules of the text dialect, shared by the text and JSON line decoders and the
 * protocol sniffer: how a line splits into tokens and which tokens are numbers.
 */

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Words Arduino's `Serial.print(float)` and C's printf write for non-finite values. `ovf` is
 * Arduino's "too large to print", whose sign and size are lost, so it reads as NaN.
 */
const SPECIAL: ReadonlyMap<string, number> = new Map([
  ['nan', Number.NaN],
  ['+nan', Number.NaN],
  ['-nan', Number.NaN],
  ['ovf', Number.NaN],
  ['inf', Number.POSITIVE_INFINITY],
  ['+inf', Number.POSITIVE_INFINITY],
  ['infinity', Number.POSITIVE_INFINITY],
  ['+infinity', Number.POSITIVE_INFINITY],
  ['-inf', Number.NEGATIVE_INFINITY],
  ['-infinity', Number.NEGATIVE_INFINITY],
]);

/** The value of a decimal number token (exponent allowed, also nan/inf/ovf), or undefined if it is not one. */
export function parseNumberToken(token: string): number | undefined {
  if (DECIMAL.test(token)) return Number(token);
  return token.length <= 9 ? SPECIAL.get(token.toLowerCase()) : undefined;
}

/** Splits a line at commas, spaces and tabs, in any mix and any number. */
export function tokenizeLine(line: string): string[] {
  return line.split(/[\s,]+/).filter((token) => token.length > 0);
}

/**
 * True when a line is readable text: no control characters other than tab, and no U+FFFD (what
 * invalid UTF-8 decodes to). Line noise and wrong baud rates produce both.
 */
export function isPrintableLine(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f || code === 0xfffd) return false;
  }
  return true;
}
