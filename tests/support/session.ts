import type { SystemUnderTest } from './system';

/** A GraphQL answer, checked field by field by the tests. */
export type Gql = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers, checked field by field

/** Asking the system through the gateway as a logged-in user: the answer's data, or a failure with its errors. */
export function session(system: SystemUnderTest) {
  async function gql(query: string, variables: object, token: string): Promise<Gql> {
    const res = await system.graphql<Gql>(query, variables, token);
    if (res.errors?.length || !res.data) throw new Error(JSON.stringify(res.errors));
    return res.data;
  }
  async function login(email: string, password: string): Promise<string> {
    return (await gql('mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }', { e: email, p: password }, '')).login
      .token;
  }
  return { gql, login };
}
