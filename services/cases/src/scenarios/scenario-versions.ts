/**
 * What a change to a scenario's versions does, decided on the facts alone: a draft is numbered
 * after the last version, activating a draft retires the version active until then, only the
 * active version is retired, a version is approved by its client once, and never once retired.
 */
import { DomainError } from '@amicus/errors';
import { mayBecome, type VersionStatus } from './scenario';

export interface VersionFacts {
  number: number;
  status: VersionStatus;
  approved: boolean;
}

export function nextVersionNumber(versions: readonly Pick<VersionFacts, 'number'>[]): number {
  return Math.max(0, ...versions.map((v) => v.number)) + 1;
}

/** Activating version `number`: it becomes active, and the active one (if any) retires. */
export function activation(versions: readonly VersionFacts[], number: number): { activate: number; retire: number | null } {
  const target = versionOf(versions, number);
  if (!mayBecome(target.status, 'active'))
    throw new DomainError('conflict', `version ${number} is ${target.status}: only a draft can be activated`);
  return { activate: number, retire: versions.find((v) => v.status === 'active')?.number ?? null };
}

/** Retiring version `number`: cases on it keep it; new cases follow the next level's scenario. */
export function retirement(versions: readonly VersionFacts[], number: number): number {
  const target = versionOf(versions, number);
  if (!mayBecome(target.status, 'retired'))
    throw new DomainError('conflict', `version ${number} is ${target.status}: only the active version can be retired`);
  return number;
}

/** May the client approve version `number`? A draft or the active one, once. */
export function approval(versions: readonly VersionFacts[], number: number): number {
  const target = versionOf(versions, number);
  if (target.status === 'retired') throw new DomainError('conflict', `version ${number} is retired: it can no longer be approved`);
  if (target.approved) throw new DomainError('conflict', `version ${number} is already approved`);
  return number;
}

function versionOf(versions: readonly VersionFacts[], number: number): VersionFacts {
  const v = versions.find((x) => x.number === number);
  if (!v) throw new DomainError('not_found', `no version ${number} of this scenario`);
  return v;
}
