/** @amicus/legal — the legal rules engine: pure functions, one rule pack per jurisdiction. */
export { assess, assessAll, assessStep, demandStatement, statement, type AssessAt, type StepAnswer } from './assess';
export { disputedClaimIds } from './core/disputes';
export {
  allocatePayment,
  chargeRights,
  chargesAllowedFrom,
  contactWindow,
  maxDamages,
  requiredMentions,
  type ContactWindowAnswer,
} from './api';
export { assessJson, toJson, type AssessJsonResult } from './json/assess-json';
export { validateCaseJson, type FieldProblem } from './json/case-json';
export { DEFAULT_OPTIONS, resolveOptions, type ContactPolicy, type LegalOptions, type LegalOptionsInput } from './options';
export type { Allocation, OpenBalances } from './core/allocation';
export { accrue as accrueInterest, type AccrualResult, type InterestLine, type RateSpec } from './core/interest';
export type { Statement, StatementLine } from './core/statement';
export type { ChargeRight, DamagesCap, InterestRight, Jurisdiction, RulePack, Term } from './jurisdictions/jurisdiction';
export { COUNTRIES, jurisdictionOf } from './jurisdictions/registry';
export { BE_LATE_PAYMENT, NL_COMMERCIAL, NL_STATUTORY, knownUntil, rateOn, type RatePeriod, type RateTable } from './rates';
export * from './types';
export {
  COURT_ROUTES,
  courtLanguage,
  courtRoute,
  type CourtLanguage,
  type CourtRoute,
  type RouteAnswer,
  type RouteFacts,
  type RouteId,
} from './routes';
export {
  SETTLEMENT_RULES,
  assessJsonUnderStops,
  assessStepUnderStops,
  assessUnderStops,
  settlementStop,
  statementUnderStops,
  type CollectiveSettlement,
  type CostsStop,
  type LegalStops,
  type StopRule,
} from './stops/collective-settlement';
