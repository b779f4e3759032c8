/** Tableau 10: distinguishable on dark and light backgrounds, and for most colour-blind readers. */
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** Golden-angle hue steps keep any number of further channels apart (32-channel devices). */
const GOLDEN_ANGLE_DEG = 137.508;

export function channelColor(index: number, preferred?: string): string {
  if (preferred) return preferred;
  if (index < PALETTE.length) return PALETTE[index];
  const hue = (index * GOLDEN_ANGLE_DEG) % 360;
  const lightness = 50 + ((index * 7) % 3) * 8;
  return `hsl(${hue.toFixed(1)} 62% ${lightness}%)`;
}
