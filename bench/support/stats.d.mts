export function median(xs: readonly number[]): number;
export function medianInterval(xs: readonly number[], level?: number): [number, number];
