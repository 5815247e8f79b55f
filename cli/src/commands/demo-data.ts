import { graphql } from '../graphql-client';

/** Demo logins printed by `amicus start`; the admin is the one created on first start. */
export const DEMO_USERS = {
  admin: { email: 'admin@amicus.local', password: 'amicus-admin' },
  agent: { email: 'agent@amicus.local', password: 'demo-agent-pass' },
  legal: { email: 'legal@amicus.local', password: 'demo-legal-pass' },
  client: { email: 'client@brouwerij-demo.be', password: 'demo-client-pass' },
};

const DEMO_CLIENTS = [
  {
    client: { name: 'Brouwerij De Demo', country: 'BE', enterpriseNumber: '0417.497.106', sme: true },
    brand: { name: 'De Demo Bieren', languages: ['nl', 'fr'], email: 'facturen@demo-bieren.be', phone: '+3250123456' },
  },
  {
    client: { name: 'Polder Telecom B.V.', country: 'NL', enterpriseNumber: 'NL004495445B01', sme: false },
    brand: { name: 'Polder Mobiel', languages: ['nl', 'en'], email: 'incasso@poldermobiel.nl', phone: '+31201234567' },
  },
];

type Listed = { clients: { id: string; name: string; brands: { id: string; name: string }[] }[] };

/**
 * Two clients with a brand each and one user per role, made through the public API. Safe to
 * run again: what exists is kept, what is missing is made.
 */
export async function loadDemoData(url: string, log: (m: string) => void): Promise<void> {
  const call = <T>(query: string, variables: object = {}, token?: string) => graphql<T>(url, query, variables, token);
  const token = (
    await call<{ login: { token: string } }>('mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }', {
      e: DEMO_USERS.admin.email,
      p: DEMO_USERS.admin.password,
    })
  ).login.token;
  const brandIds: string[] = [];
  const clientIds: string[] = [];
  for (const demo of DEMO_CLIENTS) {
    const { clients } = await call<Listed>('{ clients { id name brands { id name } } }', {}, token);
    const existing = clients.find((c) => c.name === demo.client.name);
    const clientId =
      existing?.id ??
      (
        await call<{ createClient: { id: string } }>(
          'mutation($i:CreateClientInput!){ createClient(input:$i){ id } }',
          { i: demo.client },
          token,
        )
      ).createClient.id;
    const brand = existing?.brands.find((b) => b.name === demo.brand.name);
    const brandId =
      brand?.id ??
      (
        await call<{ createBrand: { id: string } }>(
          'mutation($i:CreateBrandInput!){ createBrand(input:$i){ id } }',
          { i: { clientId, ...demo.brand } },
          token,
        )
      ).createBrand.id;
    clientIds.push(clientId);
    brandIds.push(brandId);
  }
  const users = [
    { ...DEMO_USERS.agent, role: 'agent', brandIds: [brandIds[0]] },
    { ...DEMO_USERS.legal, role: 'legal' },
    { ...DEMO_USERS.client, role: 'client_user', clientId: clientIds[0] },
  ];
  for (const user of users) {
    await call('mutation($i:CreateUserInput!){ createUser(input:$i){ id } }', { i: user }, token).catch((e: Error) => {
      if (!/already taken|exists/.test(e.message)) throw e;
    });
  }
  log(`demo data: ${DEMO_CLIENTS.length} clients with a brand each, ${users.length + 1} users`);
}
