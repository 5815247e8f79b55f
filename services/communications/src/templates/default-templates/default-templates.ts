/**
 * The agency's default template set: every kind, in nl, fr, de and en, for e-mail, SMS and
 * letter. Built from each language's wording into plain Handlebars sources, so that a default
 * is a template like any other: it can be previewed, copied into a brand override, edited and
 * validated. Class names (statement, num, total, button, small) are styled by the e-mail and
 * letter composers.
 */
import {
  TEMPLATE_KINDS,
  TEMPLATE_LANGUAGES,
  type TemplateChannel,
  type TemplateKind,
  type TemplateLanguage,
  type TemplatePartsByChannel,
} from '../template-kinds';
import type { DefaultWording, KindWording } from './wording';
import { WORDING_DE } from './wording-de';
import { WORDING_EN } from './wording-en';
import { WORDING_FR } from './wording-fr';
import { WORDING_NL } from './wording-nl';

export const DEFAULT_WORDING: Readonly<Record<TemplateLanguage, DefaultWording>> = {
  nl: WORDING_NL,
  fr: WORDING_FR,
  de: WORDING_DE,
  en: WORDING_EN,
};

export function defaultTemplate<C extends TemplateChannel>(
  kind: TemplateKind,
  language: TemplateLanguage,
  channel: C,
): TemplatePartsByChannel[C] {
  return DEFAULT_TEMPLATES[kind][language][channel];
}

function compose(wording: DefaultWording, kind: KindWording): TemplatePartsByChannel {
  const html = htmlBody(wording, kind);
  return {
    email: { subject: kind.subject, html: html.replace('{{PAYMENT_LINK}}', emailPayButton(wording, kind)), text: textBody(wording, kind) },
    sms: { text: kind.sms },
    letter: { html: `<h1 class="subject">${kind.subject}</h1>\n${html.replace('{{PAYMENT_LINK}}', '')}` },
  };
}

const paragraph = (sentence: string) => `<p>${sentence}</p>`;

/** Wraps the payment block in the condition its kind asks for. */
function whenPayable(kind: KindWording, block: string): string {
  if (kind.payment === 'never') return '';
  if (kind.payment === 'while_due') return `{{#unless (isZero amounts.total)}}${block}{{/unless}}`;
  return block;
}

function htmlBody(w: DefaultWording, kind: KindWording): string {
  const l = w.labels;
  return [
    paragraph(w.greeting),
    ...kind.paragraphs.map(paragraph),
    kind.term ? paragraph(w.damagesIfUnpaid) : '',
    htmlStatement(w, kind),
    whenPayable(kind, `${paragraph(w.payment)}\n{{PAYMENT_LINK}}`),
    kind.term ? `${paragraph('{{term.contestNotice}}')}\n${paragraph('{{term.consequences}}')}` : '',
    paragraph(w.quoteReference),
    `<p>${w.closing}<br>${w.signature}</p>`,
    `<div class="small"><p><strong>${l.identification}</strong></p>${paragraph(w.creditorIdentification)}${paragraph(w.agencyIdentification)}</div>`,
  ]
    .filter(Boolean)
    .join('\n');
}

function emailPayButton(w: DefaultWording, _kind: KindWording): string {
  return `<p><a class="button" href="{{payment.link}}">${w.labels.payOnline}</a></p>`;
}

function htmlStatement(w: DefaultWording, kind: KindWording): string {
  const l = w.labels;
  const claims =
    `<h2>${l.claims}</h2>\n<table class="statement"><thead><tr><th>${l.invoice}</th><th>${l.issueDate}</th><th>${l.dueDate}</th><th>${l.description}</th><th class="num">${l.principal}</th></tr></thead><tbody>\n` +
    `{{#each claims}}<tr><td>{{number}}</td><td>{{date issueDate}}</td><td>{{date dueDate}}</td><td>{{description}}</td><td class="num">{{money principal}}</td></tr>\n{{/each}}</tbody></table>`;
  const row = (label: string, variable: string) => `<tr><td>${label}</td><td class="num">{{money ${variable}}}</td></tr>`;
  const amounts =
    `<h2>${l.amounts}</h2>\n<table class="statement"><tbody>\n` +
    [
      row(l.principal, 'amounts.principal'),
      row(l.interest, 'amounts.interest'),
      row(l.damages, 'amounts.damages'),
      row(l.costs, 'amounts.costs'),
      row(l.paid, 'amounts.paid'),
    ].join('\n') +
    `\n<tr class="total"><td>${l.total}</td><td class="num">{{money amounts.total}}</td></tr>\n</tbody></table>`;
  const breakdown = (title: string, secondColumn: string) =>
    `{{#if amounts.breakdown}}<h2>${title}</h2>\n<table class="statement"><thead><tr><th></th><th>${secondColumn}</th><th class="num">${l.amount}</th></tr></thead><tbody>\n` +
    `{{#each amounts.breakdown}}<tr><td>{{label}}</td><td>{{explanation}}</td><td class="num">{{money amount}}</td></tr>\n{{/each}}</tbody></table>{{/if}}`;
  switch (kind.statement) {
    case 'full':
      return [claims, amounts, breakdown(l.breakdown, l.explanation)].join('\n');
    case 'claims':
      return claims;
    case 'instalments':
      return breakdown(l.instalments, l.dueDate);
    case 'amounts':
      return amounts;
    case 'none':
      return '';
  }
}

function textBody(w: DefaultWording, kind: KindWording): string {
  const l = w.labels;
  const c = w.colon ?? ':';
  const claims = `${l.claims}${c}\n{{#each claims}}- ${l.invoice} {{number}} (${l.issueDate.toLowerCase()} {{date issueDate}}, ${l.dueDate.toLowerCase()} {{date dueDate}})${c} {{description}} – {{money principal}}\n{{/each}}`;
  const amounts =
    `${l.amounts}${c}\n` +
    [
      `${l.principal}${c} {{money amounts.principal}}`,
      `${l.interest}${c} {{money amounts.interest}}`,
      `${l.damages}${c} {{money amounts.damages}}`,
      `${l.costs}${c} {{money amounts.costs}}`,
      `${l.paid}${c} {{money amounts.paid}}`,
      `${l.total}${c} {{money amounts.total}}`,
    ].join('\n');
  const breakdown = (title: string) =>
    `{{#if amounts.breakdown}}${title}${c}\n{{#each amounts.breakdown}}- {{label}}${c} {{money amount}} ({{explanation}})\n{{/each}}{{/if}}`;
  const statement = {
    full: [claims, amounts, breakdown(l.breakdown)],
    claims: [claims],
    instalments: [breakdown(l.instalments)],
    amounts: [amounts],
    none: [],
  }[kind.statement];
  return (
    [
      w.greeting,
      ...kind.paragraphs,
      kind.term ? w.damagesIfUnpaid : '',
      ...statement,
      whenPayable(kind, w.payment),
      kind.term ? '{{term.contestNotice}}\n{{term.consequences}}' : '',
      w.quoteReference,
      `${w.closing}\n${w.signature}`,
      `-- \n${w.creditorIdentification}\n${w.agencyIdentification}`,
    ]
      .filter(Boolean)
      .join('\n\n') + '\n'
  );
}

export const DEFAULT_TEMPLATES: Readonly<Record<TemplateKind, Record<TemplateLanguage, TemplatePartsByChannel>>> = Object.fromEntries(
  TEMPLATE_KINDS.map((kind) => [
    kind,
    Object.fromEntries(
      TEMPLATE_LANGUAGES.map((language) => [language, compose(DEFAULT_WORDING[language], DEFAULT_WORDING[language].kinds[kind])]),
    ),
  ]),
) as Record<TemplateKind, Record<TemplateLanguage, TemplatePartsByChannel>>;
