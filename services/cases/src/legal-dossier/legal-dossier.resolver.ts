import { createHash } from 'node:crypto';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GqlContext, requireIdentity } from '@amicus/service-runtime';
import { CaseModel } from '../case-file/case.model';
import { LegalDossierService, type ProceedingView } from './legal-dossier.service';
import {
  JudgmentInputModel,
  LegalDossierModel,
  LegalRouteModel,
  ProceedingEntryInput,
  ProceedingEntryModel,
  ProceedingModel,
} from './legal-dossier.model';
import type { EntryRow } from './dossier-store';
import type { EntryKind } from './proceedings';

/** The court dossier and the proceedings: thin — authorise (the service's walls), call, shape. */
@Resolver()
export class LegalDossierResolver {
  constructor(private readonly service: LegalDossierService) {}

  @Query(() => LegalDossierModel, {
    description:
      'The court dossier of a case in the legal phases (PDF and JSON package); the agency admin and legal staff. Each call issues one (DossierIssued).',
  })
  async legalDossier(@Args('caseId', { type: () => ID }) caseId: string, @Context() ctx: GqlContext): Promise<LegalDossierModel> {
    const d = await this.service.issue(requireIdentity(ctx), caseId, ctx.correlationId);
    const pdf = Buffer.from(d.pdf);
    return {
      dossierId: d.package.dossierId,
      pdfBase64: pdf.toString('base64'),
      pdfSha256: createHash('sha256').update(pdf).digest('hex'),
      package: d.json,
      language: d.package.language,
      routeId: d.package.route?.id ?? null,
      communications: d.package.communications.length,
    };
  }

  @Query(() => [ProceedingEntryModel], {
    description: 'Legal staff’s worklist of the proceedings: hearings and deadlines whose reminder day has come and that are not done',
  })
  async proceedingReminders(@Context() ctx: GqlContext) {
    return (await this.service.reminders(requireIdentity(ctx))).map((e) => entryModel(e.caseId, e));
  }

  @Mutation(() => ProceedingModel, {
    description: 'Open the proceedings of a case in legal: the court and its reference (legal staff, the admin)',
  })
  async openProceeding(
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('court') court: string,
    @Context() ctx: GqlContext,
    @Args('reference', { type: () => String, nullable: true }) reference?: string | null,
  ) {
    return proceedingModel(await this.service.open(requireIdentity(ctx), caseId, court, reference ?? null, ctx.correlationId));
  }

  @Mutation(() => ProceedingModel, {
    description: 'A hearing, deadline, enforcement step by the bailiff, or judicial cost on the proceedings',
  })
  async addProceedingEntry(@Args('input') input: ProceedingEntryInput, @Context() ctx: GqlContext) {
    const v = await this.service.addEntry(
      requireIdentity(ctx),
      input.caseId,
      {
        kind: input.kind as EntryKind,
        on: input.on,
        description: input.description,
        remindOn: input.remindOn ?? null,
        amountMinor: input.amountMinor ? BigInt(input.amountMinor) : null,
      },
      ctx.correlationId,
    );
    return proceedingModel(v);
  }

  @Mutation(() => ProceedingModel, { description: 'A hearing or deadline done (its reminder leaves the worklist)' })
  async completeProceedingEntry(
    @Args('caseId', { type: () => ID }) caseId: string,
    @Args('entryId', { type: () => ID }) entryId: string,
    @Context() ctx: GqlContext,
  ) {
    return proceedingModel(await this.service.entryDone(requireIdentity(ctx), caseId, entryId, ctx.correlationId));
  }

  @Mutation(() => ProceedingModel, {
    description: 'The court’s judgment: amount awarded, costs, interest from when at what rate (JudgmentRecorded)',
  })
  async recordJudgment(@Args('input') input: JudgmentInputModel, @Context() ctx: GqlContext) {
    const v = await this.service.recordJudgment(
      requireIdentity(ctx),
      input.caseId,
      {
        judgedOn: input.judgedOn,
        court: input.court,
        reference: input.reference ?? null,
        principalMinor: BigInt(input.principalMinor),
        costsMinor: BigInt(input.costsMinor),
        interestRatePercent: input.interestRatePercent ?? null,
        interestFrom: input.interestFrom ?? null,
      },
      ctx.correlationId,
    );
    return proceedingModel(v);
  }
}

@Resolver(() => CaseModel)
export class CaseLegalRouteResolver {
  constructor(private readonly service: LegalDossierService) {}

  @ResolveField(() => LegalRouteModel, {
    nullable: true,
    description: 'The court route the case would take now (libs/legal routes), and why the others do not fit',
  })
  async legalRoute(@Parent() c: CaseModel, @Context() ctx: GqlContext): Promise<LegalRouteModel | null> {
    const a = await this.service.route(requireIdentity(ctx), c.id);
    if (!a) return null;
    return {
      route: a.route && {
        ...a.route,
        conditions: [...a.route.conditions],
        limitMinor: a.route.limitMinor === null ? null : a.route.limitMinor.toString(),
      },
      considered: a.considered,
    };
  }

  @ResolveField(() => ProceedingModel, {
    nullable: true,
    description: 'The proceedings of a case in legal (hearings, deadlines, judgment, what is owed under it)',
  })
  async proceeding(@Parent() c: CaseModel, @Context() ctx: GqlContext) {
    const v = await this.service.proceedingView(requireIdentity(ctx), c.id);
    return v ? proceedingModel(v) : null;
  }
}

function entryModel(caseId: string, e: EntryRow): ProceedingEntryModel {
  return {
    id: e.id,
    caseId,
    kind: e.kind,
    on: e.on,
    description: e.description,
    remindOn: e.remindOn,
    amountMinor: e.amountMinor?.toString() ?? null,
    doneAt: e.doneAt,
    recordedBy: e.recordedBy,
  };
}

function proceedingModel(v: ProceedingView): ProceedingModel {
  const b = v.balance;
  const s = (x: bigint) => x.toString();
  return {
    caseId: v.caseId,
    court: v.proceeding?.court ?? null,
    reference: v.proceeding?.reference ?? null,
    routeId: v.proceeding?.routeId ?? null,
    openedAt: v.proceeding?.openedAt ?? null,
    entries: v.entries.map((e) => entryModel(v.caseId, e)),
    judgment: v.judgment && { ...v.judgment, principalMinor: s(v.judgment.principalMinor), costsMinor: s(v.judgment.costsMinor) },
    balance: b && {
      asOf: b.asOf,
      rule: b.rule,
      source: b.source,
      costsMinor: s(b.costsMinor),
      interestMinor: s(b.interestMinor),
      principalMinor: s(b.principalMinor),
      totalMinor: s(b.totalMinor),
      payments: b.payments.map((p) => ({
        id: p.id,
        receivedOn: p.receivedOn,
        amountMinor: s(p.amountMinor),
        costsMinor: s(p.costsMinor),
        interestMinor: s(p.interestMinor),
        principalMinor: s(p.principalMinor),
        surplusMinor: s(p.surplusMinor),
      })),
    },
  };
}
