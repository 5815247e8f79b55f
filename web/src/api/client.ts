import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { ErrorLink } from '@apollo/client/link/error';

/** The CSRF cookie the gateway sets at sign-in; sent back in a header on every request (double submit). */
export function csrfToken(): string {
  const match = /(?:^|;\s*)amicus_csrf=([^;]+)/.exec(document.cookie);
  return match ? decodeURIComponent(match[1]!) : '';
}

/** Fired when the gateway says the session is over, so the app goes back to sign-in. */
export const SESSION_ENDED = 'amicus:session-ended';

const http = new HttpLink({ uri: '/graphql', credentials: 'same-origin' });

const csrf = new ApolloLink((operation, forward) => {
  operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({
    headers: { ...headers, 'x-csrf-token': csrfToken() },
  }));
  return forward(operation);
});

const sessionEnded = new ErrorLink(({ error }) => {
  if (CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) {
    window.dispatchEvent(new Event(SESSION_ENDED));
  }
});

export const apollo = new ApolloClient({
  link: ApolloLink.from([sessionEnded, csrf, http]),
  cache: new InMemoryCache(),
  defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
});
