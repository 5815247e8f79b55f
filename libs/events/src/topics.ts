/** Kafka topics, one per owning service. Events are keyed by aggregate id within a topic. */
export const topics = {
  clients: 'amicus.clients',
  cases: 'amicus.cases',
  communications: 'amicus.communications',
  billing: 'amicus.billing',
} as const;

export type Topic = (typeof topics)[keyof typeof topics];
