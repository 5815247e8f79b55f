import { createHash } from 'node:crypto';

/** The namespace of Amicus' own name-based ids (a random v4 UUID, fixed for good). */
export const AMICUS_NAMESPACE = '5b0f3c3e-9f4e-4d57-9a1e-2f8c6b7d1a90';

/**
 * The RFC 9562 version-5 UUID of `name` in `namespace` (SHA-1): the same name gives the same id
 * on every machine and every run — for a thing that must exist once per fact (a request per plan
 * and instalment), whichever event announced it.
 */
export function uuidV5(name: string, namespace = AMICUS_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new RangeError(`namespace ${namespace} is not a UUID`);
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
