/** A palette that stays distinguishable on dark and light backgrounds (Tableau 10, then variants). */
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

export function channelColor(index: number): string {
  const base = PALETTE[index % PALETTE.length];
  const round = Math.floor(index / PALETTE.length);
  if (round === 0) return base;
  // Later rounds shift lightness so 32 channels stay apart.
  return `color-mix(in oklab, ${base} ${100 - round * 22}%, ${round % 2 === 1 ? 'white' : 'black'})`;
}
