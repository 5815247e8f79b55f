import { Type } from '@sinclair/typebox';
import { defineEvent, type PayloadOf } from './envelope';
import { StringOrNull } from './schema';
import { topics } from './topics';

// Events about clients and their brands, owned by the cases service. Keyed by client id.
// A landed version is never edited except to add an optional field; a breaking change is a new version.

export const ClientOnboarded = defineEvent({
  type: 'ClientOnboarded',
  version: 1,
  topic: topics.clients,
  schema: Type.Object({
    clientId: Type.String({ minLength: 1 }),
    name: Type.String({ minLength: 1 }),
    /** ISO 3166-1 alpha-2, upper case. */
    country: Type.String({ pattern: '^[A-Z]{2}$' }),
    enterpriseNumber: StringOrNull({ minLength: 1 }),
    sme: Type.Boolean(),
  }),
});
export type ClientOnboardedV1 = PayloadOf<typeof ClientOnboarded>;

export const BrandCreated = defineEvent({
  type: 'BrandCreated',
  version: 1,
  topic: topics.clients,
  schema: Type.Object({
    brandId: Type.String({ minLength: 1 }),
    clientId: Type.String({ minLength: 1 }),
    name: Type.String({ minLength: 1 }),
    /** Languages the brand speaks to debtors in, e.g. `nl`, `fr-BE`. */
    languages: Type.Array(Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' }), { minItems: 1, uniqueItems: true }),
    email: StringOrNull({ format: 'email' }),
    phone: StringOrNull({ minLength: 1 }),
  }),
});
export type BrandCreatedV1 = PayloadOf<typeof BrandCreated>;

export const clientsEvents = [ClientOnboarded, BrandCreated] as const;
