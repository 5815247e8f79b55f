/** A minimal GraphQL-over-HTTP client for the CLI and the demo data. */
export async function graphql<T = Record<string, unknown>>(url: string, query: string, variables: object = {}, token?: string): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string; extensions?: object }[] };
  if (body.errors?.length) {
    throw new Error(body.errors.map((e) => `${e.message}${e.extensions ? ' ' + JSON.stringify(e.extensions) : ''}`).join('; '));
  }
  return body.data as T;
}
