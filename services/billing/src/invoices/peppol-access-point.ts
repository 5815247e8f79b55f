/**
 * The Peppol access point adapter: the agency does not run an access point of its own, it
 * hands each UBL document to its provider's HTTP API, which delivers it over the Peppol network
 * (AS4) to the client's access point and reports back.
 *
 * The protocol (version 1 of the API this adapter speaks, in the shape of the send APIs
 * commercial access points offer; libs/test-peppol-access-point is a local server that
 * speaks it):
 *
 *   POST {base}/v1/documents
 *     Authorization: Bearer <token>
 *     Content-Type: application/xml          the UBL 2.1 Invoice or CreditNote, as issued
 *     X-Peppol-Sender: <scheme>:<id>          the agency's participant id (0208:0765432146)
 *     X-Peppol-Receiver: <scheme>:<id>        the client's (BT-49)
 *     Idempotency-Key: <document id>          the same key again answers the same message
 *   → 202 {"messageId": "…", "status": "accepted"}        taken for delivery
 *   → 200 {"messageId": "…", "status": "…"}               the key was seen: the message it made
 *   → 400 {"error": "…"}  not a UBL document; 401 bad token; 5xx try again later
 *
 *   GET {base}/v1/documents/{messageId}       Authorization as above
 *   → 200 {"messageId": "…", "status": "accepted" | "delivered" | "failed", "detail": "…"}
 *     delivered: the receiver's access point acknowledged it (AS4 receipt); failed: it cannot
 *     be delivered (the receiver is not in the SMP, refused) and `detail` says why.
 *
 * Status is polled (`status`), not pushed: the service asks for the deliveries still accepted.
 */

export type AccessPointStatus = 'accepted' | 'delivered' | 'failed';

export interface AccessPointConfig {
  url: string;
  token: string;
}

/** The access point refused or could not be reached; `retryable` when trying later may help. */
export class AccessPointError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'AccessPointError';
  }
}

interface Answer {
  messageId?: unknown;
  status?: unknown;
  detail?: unknown;
  error?: unknown;
}

const STATUSES: readonly string[] = ['accepted', 'delivered', 'failed'];

export class PeppolAccessPoint {
  constructor(private readonly config: AccessPointConfig) {}

  /** Hands a document to the access point; its message id and first status. */
  async send(doc: {
    ubl: string;
    sender: string;
    receiver: string;
    idempotencyKey: string;
  }): Promise<{ messageId: string; status: AccessPointStatus }> {
    const answer = await this.call(
      'POST',
      '/v1/documents',
      {
        'Content-Type': 'application/xml',
        'X-Peppol-Sender': doc.sender,
        'X-Peppol-Receiver': doc.receiver,
        'Idempotency-Key': doc.idempotencyKey,
      },
      doc.ubl,
    );
    return { messageId: String(answer.messageId), status: statusOf(answer) };
  }

  /** Where a message is now. */
  async status(messageId: string): Promise<{ status: AccessPointStatus; detail: string | null }> {
    const answer = await this.call('GET', `/v1/documents/${encodeURIComponent(messageId)}`, {});
    return { status: statusOf(answer), detail: typeof answer.detail === 'string' ? answer.detail : null };
  }

  private async call(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
    let res: Response;
    try {
      res = await fetch(new URL(path, this.config.url), {
        method,
        headers: { Authorization: `Bearer ${this.config.token}`, Accept: 'application/json', ...headers },
        ...(body !== undefined ? { body } : {}),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (e) {
      throw new AccessPointError(`the access point at ${this.config.url} cannot be reached: ${(e as Error).message}`, true);
    }
    const text = await res.text();
    let answer: Answer = {};
    try {
      answer = JSON.parse(text) as Answer;
    } catch {
      answer = { error: text.slice(0, 200) };
    }
    if (!res.ok)
      throw new AccessPointError(`the access point answered ${res.status}: ${String(answer.error ?? res.statusText)}`, res.status >= 500);
    if (typeof answer.messageId !== 'string' || !answer.messageId)
      throw new AccessPointError('the access point answered without a message id', false);
    return answer;
  }
}

function statusOf(a: Answer): AccessPointStatus {
  if (typeof a.status !== 'string' || !STATUSES.includes(a.status))
    throw new AccessPointError(`the access point answered an unknown status ${String(a.status)}`, false);
  return a.status as AccessPointStatus;
}
