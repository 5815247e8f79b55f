import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { isCalendarDate } from '@amicus/calendar';
import { DomainError } from '@amicus/errors';
import { GqlContext, requireRole } from '@amicus/service-runtime';
import { AgreementModel, AgreementVersionInput, agreementModelOf } from './agreement.model';
import { AgreementsService } from './agreements.service';

@Resolver(() => AgreementModel)
export class AgreementsResolver {
  constructor(private readonly service: AgreementsService) {}

  @Query(() => [AgreementModel], {
    description: 'Agreement versions, the most recent first: all (or one client’s) for the agency, its own for a client user',
  })
  async agreements(
    @Context() ctx: GqlContext,
    @Args('clientId', { type: () => ID, nullable: true }) clientId?: string,
  ): Promise<AgreementModel[]> {
    const identity = requireRole(ctx, 'agency_admin', 'client_user');
    return (await this.service.visibleAgreements(identity, clientId ?? null)).map(agreementModelOf);
  }

  @Query(() => AgreementModel, { nullable: true, description: 'The approved version in force for a client on a day (YYYY-MM-DD)' })
  async agreementInForce(
    @Context() ctx: GqlContext,
    @Args('clientId', { type: () => ID }) clientId: string,
    @Args('on') on: string,
  ): Promise<AgreementModel | null> {
    const identity = requireRole(ctx, 'agency_admin', 'client_user');
    if (!isCalendarDate(on)) throw DomainError.invalid([{ field: 'on', reason: 'is not a date (YYYY-MM-DD)' }]);
    const a = await this.service.inForce(identity, clientId, on);
    return a ? agreementModelOf(a) : null;
  }

  @Mutation(() => AgreementModel, {
    description: 'The agency admin drafts a new version of a client’s agreement (BAD_USER_INPUT names each bad field)',
  })
  async createAgreementVersion(@Args('input') input: AgreementVersionInput, @Context() ctx: GqlContext): Promise<AgreementModel> {
    const identity = requireRole(ctx, 'agency_admin');
    const { clientId, validFrom, fees, ...terms } = input;
    const created = await inputFields(() =>
      this.service.createVersion(identity, clientId, {
        validFrom,
        terms: {
          currency: terms.currency,
          commission: { tieredBy: terms.tieredBy, bands: terms.bands },
          fees: { ...(fees ?? {}) },
          monthlyMinimumMinor: terms.monthlyMinimumMinor ?? null,
          collectionCostsKeptBy: terms.collectionCostsKeptBy,
          remittancePeriod: terms.remittancePeriod,
          payoutIban: terms.payoutIban,
          vat: terms.vat,
        },
      }),
    );
    return agreementModelOf(created);
  }

  @Mutation(() => AgreementModel, {
    description:
      'The agency admin approves a draft: in force from its validFrom, the version before it closed the day before (CONFLICT if already approved)',
  })
  async approveAgreementVersion(@Args('id', { type: () => ID }) id: string, @Context() ctx: GqlContext): Promise<AgreementModel> {
    return agreementModelOf(await this.service.approveVersion(requireRole(ctx, 'agency_admin'), id));
  }
}

/** The domain names the terms' fields `input.terms.commission.bands[0]…`; the GraphQL input has them flat: `input.bands[0]…`. */
async function inputFields<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof DomainError && e.code === 'invalid_input')
      throw DomainError.invalid(e.problems.map((p) => ({ ...p, field: p.field.replace(/^input\.terms\.(commission\.)?/, 'input.') })));
    throw e;
  }
}
