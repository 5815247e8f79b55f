/**
 * The dossier as a PDF in the court's language (nl, fr, de), laid out with pdf-lib the way
 * billing's remittance statement is (standard fonts, A4, a page number on each page): the cover,
 * then a section per part of the case file, then the index of annexes with the page each starts
 * on — inserted after the cover once the pages are known.
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatAmount } from '@amicus/money';
import type { CourtLanguage } from '@amicus/legal';
import type { DossierPackage, SectionKey } from './dossier';

type Labels = Record<
  | SectionKey
  | 'title'
  | 'index'
  | 'creditor'
  | 'debtor'
  | 'court'
  | 'route'
  | 'source'
  | 'amounts'
  | 'principal'
  | 'interest'
  | 'damages'
  | 'paid'
  | 'total'
  | 'none'
  | 'delivered'
  | 'notDelivered'
  | 'page'
  | 'annex'
  | 'case'
  | 'issued'
  | 'noRoute'
  | 'judgment'
  | 'owed',
  string
>;

const LABELS: Record<CourtLanguage, Labels> = {
  nl: {
    title: 'Dossier voor de rechter',
    index: 'Inventaris van de stukken',
    cover: 'Partijen en vordering',
    claims: 'Vorderingen en hun grondslag',
    statement: 'Afrekening',
    payments: 'Betalingen en toerekening',
    communications: 'Volledige communicatiegeschiedenis met bewijs',
    calls: 'Telefoongesprekken',
    disputes: 'Betwistingen en antwoorden',
    instructions: 'Instructies van de opdrachtgever',
    proceedings: 'Procedure',
    audit: 'Audittrail van het dossier',
    creditor: 'Schuldeiser',
    debtor: 'Schuldenaar',
    court: 'Rechter',
    route: 'Procedure',
    source: 'Bron',
    amounts: 'Bedragen',
    principal: 'Hoofdsom',
    interest: 'Interest',
    damages: 'Schadevergoeding',
    paid: 'Betaald',
    total: 'Totaal verschuldigd',
    none: 'geen',
    delivered: 'afgeleverd',
    notDelivered: 'geen afleveringsbewijs',
    page: 'blz.',
    annex: 'Stuk',
    case: 'Dossier',
    issued: 'opgemaakt',
    noRoute: 'geen procedure past (zie de redenen)',
    judgment: 'Vonnis',
    owed: 'Verschuldigd na vonnis',
  },
  fr: {
    title: 'Dossier pour le tribunal',
    index: 'Inventaire des pièces',
    cover: 'Parties et créance',
    claims: 'Créances et leur fondement',
    statement: 'Décompte',
    payments: 'Paiements et imputation',
    communications: 'Historique complet des communications avec preuve',
    calls: 'Appels téléphoniques',
    disputes: 'Contestations et réponses',
    instructions: 'Instructions du mandant',
    proceedings: 'Procédure',
    audit: 'Piste d’audit du dossier',
    creditor: 'Créancier',
    debtor: 'Débiteur',
    court: 'Juridiction',
    route: 'Procédure',
    source: 'Source',
    amounts: 'Montants',
    principal: 'Principal',
    interest: 'Intérêts',
    damages: 'Indemnité',
    paid: 'Payé',
    total: 'Total dû',
    none: 'aucun',
    delivered: 'remis',
    notDelivered: 'pas de preuve de remise',
    page: 'p.',
    annex: 'Pièce',
    case: 'Dossier',
    issued: 'établi le',
    noRoute: 'aucune procédure ne convient (voir les motifs)',
    judgment: 'Jugement',
    owed: 'Dû après jugement',
  },
  de: {
    title: 'Akte für das Gericht',
    index: 'Verzeichnis der Anlagen',
    cover: 'Parteien und Forderung',
    claims: 'Forderungen und ihre Grundlage',
    statement: 'Forderungsaufstellung',
    payments: 'Zahlungen und Verrechnung',
    communications: 'Vollständiger Schriftverkehr mit Nachweis',
    calls: 'Telefonate',
    disputes: 'Einwände und Antworten',
    instructions: 'Weisungen des Auftraggebers',
    proceedings: 'Verfahren',
    audit: 'Prüfpfad der Akte',
    creditor: 'Gläubiger',
    debtor: 'Schuldner',
    court: 'Gericht',
    route: 'Verfahren',
    source: 'Quelle',
    amounts: 'Beträge',
    principal: 'Hauptforderung',
    interest: 'Zinsen',
    damages: 'Schadensersatz',
    paid: 'Gezahlt',
    total: 'Gesamt geschuldet',
    none: 'keine',
    delivered: 'zugestellt',
    notDelivered: 'kein Zustellnachweis',
    page: 'S.',
    annex: 'Anlage',
    case: 'Akte',
    issued: 'erstellt am',
    noRoute: 'kein Verfahren passt (siehe Gründe)',
    judgment: 'Urteil',
    owed: 'Geschuldet nach Urteil',
  },
};

const A4 = { width: 595.28, height: 841.89 };
/** What the standard fonts (WinAnsi) cannot draw, in characters they can. */
const SUBSTITUTES: Record<string, string> = { '→': '->', '✓': '+', '≤': '<=', '≥': '>=', '×': 'x' };
const MARGIN = 48;
const LINE = 12;

function canEncode(font: PDFFont, ch: string): boolean {
  try {
    font.encodeText(ch);
    return true;
  } catch {
    return false;
  }
}

/** Lays out text top to bottom, wrapping lines and adding pages; remembers the page each section starts on. */
class Writer {
  page!: PDFPage;
  y = 0;
  readonly starts = new Map<string, number>();
  private readonly cache = new Map<string, boolean>();
  constructor(
    readonly doc: PDFDocument,
    readonly font: PDFFont,
    readonly bold: PDFFont,
  ) {}

  newPage(): void {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.y = A4.height - MARGIN;
  }

  private drawable(f: PDFFont, s: string): string {
    let out = '';
    for (const raw of s) {
      const ch = SUBSTITUTES[raw] ?? raw;
      const key = `${f === this.bold ? 'b' : 'r'}${ch}`;
      let ok = this.cache.get(key);
      if (ok === undefined) this.cache.set(key, (ok = ch === '\n' ? false : canEncode(f, ch)));
      out += ok ? ch : '?';
    }
    return out;
  }

  text(s: string, opts: { size?: number; bold?: boolean; indent?: number; colour?: ReturnType<typeof rgb> } = {}): void {
    const f = opts.bold ? this.bold : this.font;
    const size = opts.size ?? 9;
    const x = MARGIN + (opts.indent ?? 0);
    const width = A4.width - MARGIN - x;
    for (const para of s.split('\n')) {
      const words = this.drawable(f, para).split(' ');
      let line = '';
      const flush = () => {
        if (this.y < MARGIN + LINE) this.newPage();
        this.page.drawText(line, { x, y: this.y, size, font: f, ...(opts.colour ? { color: opts.colour } : {}) });
        this.y -= size + 3;
        line = '';
      };
      for (const w of words) {
        const next = line ? `${line} ${w}` : w;
        if (line && f.widthOfTextAtSize(next, size) > width) {
          flush();
          line = w;
        } else line = next;
      }
      flush();
    }
  }

  heading(key: string, title: string): void {
    if (this.y < MARGIN + 80) this.newPage();
    this.y -= 8;
    this.starts.set(key, this.doc.getPageCount());
    this.text(title, { size: 13, bold: true });
    this.y -= 4;
  }
}

/** The dossier's PDF, in the package's language. */
export async function dossierPdf(p: DossierPackage): Promise<Uint8Array> {
  const L = LABELS[p.language];
  const doc = await PDFDocument.create();
  doc.setTitle(`${L.title} — ${p.case.number}`);
  doc.setAuthor('Amicus');
  doc.setLanguage(p.language);
  const w = new Writer(doc, await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold));
  const cur = p.case.currency;
  const money = (minor: string | bigint) => `${cur} ${formatAmount({ amountMinor: BigInt(minor), currency: cur })}`;
  const grey = rgb(0.35, 0.35, 0.35);

  // Cover
  w.newPage();
  w.starts.set('cover', 1);
  w.text(L.title, { size: 18, bold: true });
  w.text(`${L.case} ${p.case.number} · ${L.issued} ${p.issuedAt.slice(0, 10)} · ${p.dossierId}`, { colour: grey });
  w.y -= 10;
  w.text(L.creditor, { bold: true, size: 11 });
  w.text(`${p.creditor.name}${p.creditor.enterpriseNumber ? ` (${p.creditor.enterpriseNumber})` : ''}, ${p.creditor.country}`);
  w.text(L.debtor, { bold: true, size: 11 });
  const a = p.debtor.address;
  w.text(
    `${p.debtor.name} (${p.debtor.kind}${p.debtor.vatNumber ? `, ${p.debtor.vatNumber}` : ''})${a ? `\n${[...a.lines, `${a.postcode} ${a.city}`, a.country].join(', ')}` : ''}`,
  );
  w.text(`${L.court} / ${L.route}`, { bold: true, size: 11 });
  if (p.route) {
    w.text(`${p.route.id}: ${p.route.name} — ${p.route.court}`);
    w.text(`${L.source}: ${p.route.source}`, { colour: grey });
    for (const c of p.route.conditions) w.text(`• ${c}`, { indent: 10 });
  } else w.text(L.noRoute);
  for (const c of p.routesConsidered) w.text(`${c.id}: ${c.fits ? '✓' : '×'} ${c.reason}`, { indent: 10, colour: grey });
  w.text(L.amounts, { bold: true, size: 11 });
  const s = p.statement;
  for (const [label, v] of [
    [L.principal, s.principalMinor],
    [L.interest, s.interestMinor],
    [L.damages, s.damagesMinor],
    [L.paid, s.paidMinor],
    [L.total, s.totalMinor],
  ] as const)
    w.text(`${label}: ${money(v)}`, { indent: 10 });

  // Claims: the case file after the cover's page
  w.newPage();
  w.heading('claims', L.claims);
  for (const c of p.claims)
    w.text(
      `${c.invoiceNumber} · ${c.issueDate} → ${c.dueDate} · ${money(c.principalMinor)} · ${c.status}${c.interestClause ? ' · interest clause' : ''}${c.damagesClause ? ' · damages clause' : ''}`,
    );

  // Statement
  w.heading('statement', `${L.statement} (${s.asOf.slice(0, 10)})`);
  for (const l of s.lines) {
    w.text(`${l.date ?? ''} ${l.label}: ${money(l.amountMinor)}`, { bold: l.kind === 'total' });
    w.text(`${l.explanation}${l.rule ? ` — ${l.rule}` : ''}${l.source ? ` (${l.source})` : ''}`, { indent: 12, colour: grey, size: 8 });
  }
  for (const pr of s.problems) w.text(`! ${pr}`);

  // Payments
  w.heading('payments', L.payments);
  if (p.payments.length === 0) w.text(L.none);
  for (const pay of p.payments) {
    const al = pay.allocation;
    w.text(`${pay.receivedOn} · ${money(pay.amountMinor)} · ${pay.source}${pay.status !== 'active' ? ` · ${pay.status}` : ''}`);
    w.text(
      `costs ${money(al.costsMinor)} · ${L.interest} ${money(al.interestMinor)} · ${L.principal} ${JSON.stringify(al.principal)} · unallocated ${money(al.unallocatedMinor)}${al.rule ? ` — ${al.rule} (${al.source})` : ''}`,
      { indent: 12, colour: grey, size: 8 },
    );
  }

  // Communications
  w.heading('communications', `${L.communications} (${p.communications.length})`);
  p.communications.forEach((c, i) => {
    const annex = p.annexes.find((x) => x.ref.startsWith(`communication ${c.id}`));
    w.text(
      `${i + 1}. ${c.sentAt} · ${c.kind} · ${c.channel} · ${c.language} → ${c.recipient}${annex ? ` · ${L.annex} ${annex.number}` : ''}`,
    );
    w.text(
      `${c.deliveredAt ? `${L.delivered} ${c.deliveredAt}` : c.failedAt ? `failed ${c.failedAt}: ${c.failure ?? ''}` : L.notDelivered} · id ${c.id}${c.providerMessageId ? ` · provider ${c.providerMessageId}` : ''}`,
      { indent: 12, colour: grey, size: 8 },
    );
    w.text(`SHA-256 ${c.sha256 ?? '(not recorded)'}`, { indent: 12, size: 8 });
  });

  // Calls
  w.heading('calls', L.calls);
  if (p.calls.length === 0) w.text(L.none);
  for (const c of p.calls)
    w.text(
      `${c.at} · ${c.direction} · ${c.number} · ${c.outcome}${c.note ? ` · ${c.note}` : ''}${c.promise ? ` · ${JSON.stringify(c.promise)}` : ''}`,
    );

  // Disputes
  w.heading('disputes', L.disputes);
  if (p.disputes.length === 0) w.text(L.none);
  for (const d of p.disputes) {
    w.text(`${d.raisedAt} · ${d.reason} · ${d.raisedBy} · ${d.status}${d.outcome ? ` · ${d.outcome}` : ''}`);
    if (d.text) w.text(d.text, { indent: 12, size: 8 });
    if (d.answer) w.text(`→ ${d.answer}${d.answeredAt ? ` (${d.answeredAt})` : ''}`, { indent: 12, size: 8 });
    if (d.explanation) w.text(`→ ${d.explanation}${d.resolvedAt ? ` (${d.resolvedAt})` : ''}`, { indent: 12, size: 8 });
  }

  // Instructions
  w.heading('instructions', L.instructions);
  if (p.instructions.length === 0) w.text(L.none);
  for (const i of p.instructions) w.text(`${i.at} · ${i.actor} · ${i.action}${i.reason ? ` — ${i.reason}` : ''}`);

  // Proceedings
  w.heading('proceedings', L.proceedings);
  const pro = p.proceedings;
  if (!pro) w.text(L.none);
  else {
    w.text(`${pro.court}${pro.reference ? ` · ${pro.reference}` : ''}`);
    for (const e of pro.entries)
      w.text(`${e.on} · ${e.kind} · ${e.description}${e.amountMinor ? ` · ${money(e.amountMinor)}` : ''}${e.done ? ' · done' : ''}`, {
        indent: 10,
      });
    if (pro.judgment) {
      const j = pro.judgment;
      w.text(
        `${L.judgment} ${j.judgedOn}, ${j.court}: ${L.principal} ${money(j.principalMinor)}, costs ${money(j.costsMinor)}${j.interestRatePercent ? `, ${L.interest} ${j.interestRatePercent}% from ${j.interestFrom}` : ''}`,
        { bold: true },
      );
    }
    if (pro.balance)
      w.text(`${L.owed} (${pro.balance.asOf}): ${money(pro.balance.totalMinor)} — ${pro.balance.rule}: ${pro.balance.source}`);
  }

  // Audit trail
  w.heading('audit', L.audit);
  for (const e of p.audit) w.text(`${e.seq}. ${e.at} · ${e.actor} · ${e.action}${e.reason ? ` — ${e.reason}` : ''}`, { size: 8 });

  // The index of annexes, after the cover: every page after it moves one on.
  const body = doc.getPageCount();
  const index = doc.insertPage(1, [A4.width, A4.height]);
  w.page = index;
  w.y = A4.height - MARGIN;
  w.text(L.index, { size: 13, bold: true });
  w.y -= 4;
  for (const an of p.annexes) {
    if (w.y < MARGIN + LINE) break; // the index keeps to its page; the package lists every annex
    const at = (w.starts.get(an.section) ?? 1) + (an.section === 'cover' ? 0 : 1);
    w.text(`${L.annex} ${an.number} · ${an.title} · ${L.page} ${at}${an.sha256 ? ` · SHA-256 ${an.sha256.slice(0, 16)}…` : ''}`, {
      size: 8,
    });
  }
  const pages = doc.getPages();
  pages.forEach((pg, i) => pg.drawText(`${i + 1} / ${body + 1}`, { x: A4.width - MARGIN - 30, y: MARGIN - 24, size: 8, font: w.font }));
  return doc.save();
}
