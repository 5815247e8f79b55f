import { graphql } from '../gql';
import type {
  CasesClaimsFragment,
  CasesDisputesFragment,
  CasesHeaderFragment,
  CasesHistoryFragment,
  CasesJourneyFragment,
  CasesNotesFragment,
  CasesPaymentsFragment,
} from '../gql/graphql';

/**
 * What each part of the case view shows, as fragments of `Case`: an audience's own query spreads
 * the ones it shows (`...CasesHeader`), or uses `useCaseFile(caseId)` for all of them.
 */
export const CASES_HEADER = graphql(`
  fragment CasesHeader on Case {
    id
    clientId
    brandId
    phase
    outcome
    closeReason
    closedAt
    oldestDueDate
    holdUntil
    holdReason
    nextActionAt
    openedAt
    assignedAgentId
    balance {
      currency
      principalMinor
      interestMinor
      costsMinor
      paidMinor
      openMinor
    }
    brand {
      id
      name
      languages
    }
    debtor {
      id
      name
      kind
      clientReference
      vatNumber
      emails
      phones
      addresses {
        lines
        postcode
        city
        country
      }
      preferredChannel
      language
      country
      timeZone
    }
    paymentReference {
      caseNumber
      ogm
      rf
    }
  }
`);

export const CASES_CLAIMS = graphql(`
  fragment CasesClaims on Case {
    id
    claims {
      id
      invoiceNumber
      issueDate
      dueDate
      principalMinor
      creditedMinor
      currency
      description
      interestClause
      damagesClause
      firstReminderSentOn
      status
    }
  }
`);

export const CASES_PAYMENTS = graphql(`
  fragment CasesPayments on Case {
    id
    payments {
      id
      amountMinor
      currency
      receivedOn
      source
      direct
      payerName
      note
      recordedBy
      recordedAt
      status
      allocation {
        costsMinor
        interestMinor
        unallocatedMinor
        rule
        legalSource
        principal {
          claimId
          amountMinor
        }
      }
      reversal {
        kind
        reason
        by
        at
      }
    }
  }
`);

export const CASES_JOURNEY = graphql(`
  fragment CasesJourney on Case {
    id
    journey {
      status
      scenarioName
      scenarioVersion
      reason
      stepsDone {
        stepKey
        kind
        attempt
        executedAt
        requestId
        step {
          key
          kind
          channel
        }
        decision {
          allowed
          rule
          source
          reason
        }
      }
      next {
        dueAt
        step {
          key
          kind
          channel
        }
      }
      refusals {
        at
        kind
        stepKey
        rule
        source
        reason
        earliestAt
      }
    }
  }
`);

export const CASES_DISPUTES = graphql(`
  fragment CasesDisputes on Case {
    id
    disputes {
      id
      caseId
      claimIds
      reason
      text
      raisedBy
      channel
      status
      raisedAt
      recordedBy
      answerDueOn
      overdue
      answer {
        text
        proposedOutcome
        at
        by
        late
      }
      resolution {
        outcome
        explanation
        at
        by
        credits {
          claimId
          amountMinor
        }
      }
    }
  }
`);

export const CASES_HISTORY = graphql(`
  fragment CasesHistory on Case {
    id
    history {
      seq
      actorKind
      actorId
      at
      action
      reason
    }
  }
`);

export const CASES_NOTES = graphql(`
  fragment CasesNotes on Case {
    id
    notes {
      id
      author
      body
      createdAt
    }
  }
`);

export type CaseHeaderData = CasesHeaderFragment;
export type CaseClaim = CasesClaimsFragment['claims'][number];
export type CasePayment = CasesPaymentsFragment['payments'][number];
export type CaseJourneyData = NonNullable<CasesJourneyFragment['journey']>;
export type CaseDispute = CasesDisputesFragment['disputes'][number];
export type CaseHistoryEntry = CasesHistoryFragment['history'][number];
export type CaseNoteData = CasesNotesFragment['notes'][number];
