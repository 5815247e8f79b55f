import { defineEvent } from './envelope';
import { topics } from './topics';

// Events about clients and their brands, owned by the cases service. Keyed by client id.
// A landed version is never edited except to add an optional field; a breaking change is a new version.

export interface ClientOnboardedV1 {
  clientId: string;
  name: string;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
  enterpriseNumber: string | null;
  sme: boolean;
}

export const ClientOnboarded = defineEvent<ClientOnboardedV1>({
  type: 'ClientOnboarded',
  version: 1,
  topic: topics.clients,
  schema: {
    type: 'object',
    required: ['clientId', 'name', 'country', 'enterpriseNumber', 'sme'],
    properties: {
      clientId: { type: 'string', minLength: 1 },
      name: { type: 'string', minLength: 1 },
      country: { type: 'string', pattern: '^[A-Z]{2}$' },
      enterpriseNumber: { type: ['string', 'null'], minLength: 1 },
      sme: { type: 'boolean' },
    },
  },
});

export interface BrandCreatedV1 {
  brandId: string;
  clientId: string;
  name: string;
  /** Languages the brand speaks to debtors in, e.g. `nl`, `fr-BE`. */
  languages: string[];
  email: string | null;
  phone: string | null;
}

export const BrandCreated = defineEvent<BrandCreatedV1>({
  type: 'BrandCreated',
  version: 1,
  topic: topics.clients,
  schema: {
    type: 'object',
    required: ['brandId', 'clientId', 'name', 'languages', 'email', 'phone'],
    properties: {
      brandId: { type: 'string', minLength: 1 },
      clientId: { type: 'string', minLength: 1 },
      name: { type: 'string', minLength: 1 },
      languages: {
        type: 'array',
        minItems: 1,
        uniqueItems: true,
        items: { type: 'string', pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' },
      },
      email: { type: ['string', 'null'], format: 'email' },
      phone: { type: ['string', 'null'], minLength: 1 },
    },
  },
});
