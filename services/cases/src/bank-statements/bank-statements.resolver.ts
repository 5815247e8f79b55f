import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { DomainError } from '@amicus/errors';
import { GqlContext, requireRole } from '@amicus/service-runtime';
import { BankEntryModel, BankImportSummaryModel, ImportBankStatementInput } from './bank-statements.model';
import { BankStatementsService } from './bank-statements.service';

const MAX_FILE_BYTES = 25 * 1024 * 1024;

/** The upload's bytes, from base64 or text (exactly one of them), in the chunks the reader reads. */
function contentOf(input: ImportBankStatementInput): AsyncIterable<Uint8Array> {
  const given = [input.contentBase64, input.contentText].filter((c) => c !== null && c !== undefined);
  if (given.length !== 1)
    throw DomainError.invalid([{ field: 'input.contentBase64', reason: 'give the file once: as contentBase64 or as contentText' }]);
  const content = input.contentBase64 != null ? Buffer.from(input.contentBase64, 'base64') : Buffer.from(input.contentText!, 'utf8');
  const field = input.contentBase64 != null ? 'input.contentBase64' : 'input.contentText';
  if (!content.length) throw DomainError.invalid([{ field, reason: 'is empty (or not base64)' }]);
  if (content.length > MAX_FILE_BYTES)
    throw DomainError.invalid([{ field, reason: 'is over 25 MB: import large files with `npx amicus bank import`' }]);
  return (async function* () {
    for (let i = 0; i < content.length; i += 64 * 1024) yield content.subarray(i, i + 64 * 1024);
  })();
}

@Resolver()
export class BankStatementsResolver {
  constructor(private readonly bank: BankStatementsService) {}

  @Mutation(() => BankImportSummaryModel, {
    description:
      'Import a bank statement file (CAMT.053 or CODA 2): every entry once; a credit with an open case’s reference becomes its payment, the other credits wait in the queue with suggestions, debits are recorded for reconciliation. A statement whose balance does not add up is imported only with confirm (agents, the admin).',
  })
  importBankStatement(@Args('input') input: ImportBankStatementInput, @Context() ctx: GqlContext) {
    const who = requireRole(ctx, 'agency_admin', 'agent');
    return this.bank.import(
      who,
      { fileName: input.fileName, source: contentOf(input), confirm: input.confirm ?? false },
      ctx.correlationId,
    );
  }

  @Query(() => [BankEntryModel], { description: 'The credits no reference matched, oldest first, with suggestions (agents, the admin)' })
  unmatchedBankEntries(
    @Context() ctx: GqlContext,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first?: number,
    @Args('after', { type: () => ID, nullable: true, description: 'the last entry of the page before' }) after?: string,
  ) {
    return this.bank.queue(requireRole(ctx, 'agency_admin', 'agent'), { first: first ?? 50, after: after ?? null });
  }

  @Mutation(() => BankEntryModel, {
    description: "A queued credit is a case's payment (agents: their brands' cases); allocated like any payment",
  })
  assignBankEntry(
    @Args('entryId', { type: () => ID }) entryId: string,
    @Args('caseId', { type: () => ID }) caseId: string,
    @Context() ctx: GqlContext,
    @Args('note', { type: () => String, nullable: true }) note?: string,
  ) {
    return this.bank.assign(requireRole(ctx, 'agency_admin', 'agent'), entryId, caseId, note ?? null, ctx.correlationId);
  }

  @Mutation(() => BankEntryModel, { description: 'A queued credit is no case’s money: out of the queue, with the reason' })
  markBankEntryNotOurs(@Args('entryId', { type: () => ID }) entryId: string, @Args('reason') reason: string, @Context() ctx: GqlContext) {
    return this.bank.notOurs(requireRole(ctx, 'agency_admin', 'agent'), entryId, reason);
  }

  @Mutation(() => BankEntryModel, { description: 'A queued credit goes back to the payer: out of the queue, with the reason' })
  markBankEntryToReturn(@Args('entryId', { type: () => ID }) entryId: string, @Args('reason') reason: string, @Context() ctx: GqlContext) {
    return this.bank.toReturn(requireRole(ctx, 'agency_admin', 'agent'), entryId, reason);
  }
}
