/** Numbers as the text reports print them (en-US grouping, whatever the machine's locale). */

/** A whole number with thousands separators: 12345.6 → "12,346". */
export const formatInt = (n: number): string => Math.round(n).toLocaleString("en-US");

/** At most one decimal: 1234.56 → "1,234.6". */
export const formatDecimal = (n: number): string => n.toLocaleString("en-US", { maximumFractionDigits: 1 });
