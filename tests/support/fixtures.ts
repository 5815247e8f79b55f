import type { Gql } from './session';
import { eventually } from './system';

/**
 * A zone where it is now `hour` o'clock: the legal contact window (BE-A-4, 08–22) is open there
 * whatever the time of the run, so a test's debtor moved to it gets its e-mails at once.
 */
export function zoneWhereItIs(hour: number): string {
  let offset = (hour - new Date().getUTCHours() + 48) % 24;
  if (offset > 14) offset -= 24;
  return offset === 0 ? 'Etc/GMT' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
}

type Ask = (query: string, variables: object, token: string) => Promise<Gql>;

/**
 * The agency's set-up a whole-system test starts from, made by the admin through the gateway:
 * users of a role (signed in) and a Belgian client with one brand that communications knows.
 * `admin` is read when called (the tests sign the admin in in their `beforeAll`); `run` makes
 * the names unique per run; `domain` the users' e-mail domain.
 */
export function agencySetup(
  s: { gql: Ask; login?: (email: string, password: string) => Promise<string> },
  o: { admin: () => string; run: string; domain: string; password: string },
) {
  async function user(role: string, extra: object = {}): Promise<string> {
    const email = `${role}-${crypto.randomUUID().slice(0, 8)}@${o.domain}`;
    await s.gql(
      'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }',
      { i: { email, password: o.password, role, ...extra } },
      o.admin(),
    );
    if (!s.login) throw new Error('agencySetup: user() signs the user in, and needs login');
    return s.login(email, o.password);
  }

  async function belgianClient(name: string): Promise<{ clientId: string; brandId: string }> {
    const { admin, run } = o;
    const clientId = (
      await s.gql(
        'mutation($i:CreateClientInput!){ createClient(input:$i){ id } }',
        { i: { name: `${name} ${run}`, country: 'BE' } },
        admin(),
      )
    ).createClient.id as string;
    const brand = {
      clientId,
      name: `${name} brand ${run}`,
      languages: ['nl'],
      email: `pay+${run}@${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example`,
      phone: '+3231234567',
    };
    const brandId = (await s.gql('mutation($i:CreateBrandInput!){ createBrand(input:$i){ id } }', { i: brand }, admin())).createBrand
      .id as string;
    // Communications knows the brand (its look) once it has heard BrandCreated.
    await eventually(
      async () => {
        const looks = await s.gql('{ brandLooks { brandId } }', {}, admin());
        if (!(looks.brandLooks as { brandId: string }[]).some((b) => b.brandId === brandId)) throw new Error('no look yet');
      },
      30000,
      250,
    );
    return { clientId, brandId };
  }

  return { user, belgianClient };
}
