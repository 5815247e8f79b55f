import type { Mention } from '../types';

/** A legally required mention: present when a template uses every one of `variables`. */
export const mention = (id: string, rule: string, source: string, description: string, variables: string[]): Mention => ({
  id,
  rule,
  source,
  description,
  variables,
});
