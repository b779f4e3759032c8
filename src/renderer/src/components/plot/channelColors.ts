/** Tableau 10: distinguishable on dark and light backgrounds, and for most colour-blind readers. */
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** Golden-angle hue steps keep any number of further channels apart (32-channel devices). */
const GOLDEN_ANGLE_DEG = 137.508;

/** A channel's colour as `#rrggbb` (what a colour picker edits): the preferred one, else the palette's. */
export function channelColor(index: number, preferred?: string): string {
  if (preferred) return preferred;
  if (index < PALETTE.length) return PALETTE[index];
  const hue = (index * GOLDEN_ANGLE_DEG) % 360;
  const lightness = 50 + ((index * 7) % 3) * 8;
  return hslToHex(hue, 0.62, lightness / 100);
}

function hslToHex(hueDeg: number, saturation: number, lightness: number): string {
  const a = saturation * Math.min(lightness, 1 - lightness);
  const channel = (n: number): string => {
    const k = (n + hueDeg / 30) % 12;
    const v = lightness - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(v * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}
