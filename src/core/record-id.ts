/** Stable record id from (recipe, run seed, item index): `roleplay-42-000007`. */
export function recordId(recipe: string, seed: number, index: number): string {
  return `${recipe}-${seed}-${String(index).padStart(6, "0")}`;
}
