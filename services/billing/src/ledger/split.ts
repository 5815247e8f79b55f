/**
 * Splitting a whole into parts that sum back to it to the cent (architecture.md rule 5): the
 * largest-remainder method. libs/money has rounding but no split; billing is its only user.
 */

/**
 * Splits `total` minor units in proportion to `weights` (each ≥ 0): every part gets the floor of
 * its exact share, and the units left over go one each to the parts with the largest remainders
 * (the earlier part on a tie). The parts always sum to `total`; a negative total is split as its
 * opposite and negated. With no weight at all, everything goes to the first part.
 */
export function splitByLargestRemainder(total: bigint, weights: readonly bigint[]): bigint[] {
  if (weights.some((w) => w < 0n)) throw new RangeError('splitByLargestRemainder: a weight is negative');
  if (weights.length === 0) {
    if (total !== 0n) throw new RangeError('splitByLargestRemainder: nothing to split a non-zero total over');
    return [];
  }
  if (total < 0n) return splitByLargestRemainder(-total, weights).map((p) => -p);
  const sum = weights.reduce((a, w) => a + w, 0n);
  if (sum === 0n) return weights.map((_, i) => (i === 0 ? total : 0n));
  const parts = weights.map((w) => (total * w) / sum);
  const remainders = weights.map((w, i) => ({ i, rem: (total * w) % sum }));
  let left = total - parts.reduce((a, p) => a + p, 0n);
  remainders.sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    parts[i] = (parts[i] ?? 0n) + 1n;
    left -= 1n;
  }
  return parts;
}
