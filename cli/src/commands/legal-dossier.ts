/**
 * `amicus legal dossier CASE_ID [-o FILE]`: a case's court dossier through the cases service's
 * own LegalDossierService, as the agency admin (the operator; under row-level security, the case
 * in the legal phases): the PDF written to FILE (default dossier-CASE_ID.pdf) and the JSON
 * package beside it (FILE with .json). Recorded and audited as any dossier; its DossierIssued
 * waits in the outbox for the cases service's relay.
 */
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { PDFDocument } from 'pdf-lib';
import { Clock } from '@amicus/calendar';
import { Outbox } from '@amicus/messaging';
import type { Messaging } from '@amicus/service-runtime';
import { LegalDossierService, TenantDatabase, openCasesDataSource, readCasesConfig } from '@amicus/cases';
import { OPERATOR } from './import';

export interface DossierWritten {
  pdfFile: string;
  jsonFile: string;
  language: string;
  routeId: string | null;
  communications: number;
  pages: number;
  bytes: number;
}

export async function legalDossier(caseId: string, out: string | undefined, databaseUrl?: string): Promise<DossierWritten> {
  const config = readCasesConfig();
  const ds = await openCasesDataSource(databaseUrl ?? config.DATABASE_URL, 2);
  try {
    const outbox = new Outbox('cases', { topicPrefix: config.KAFKA_TOPIC_PREFIX ?? '' });
    const messaging = { publish: (m, events) => outbox.append(m, events) } as Pick<Messaging, 'publish'> as Messaging;
    const service = new LegalDossierService(new TenantDatabase(ds), messaging, new Clock(config.AMICUS_AGENCY_TIME_ZONE), config);
    const operator = { ...OPERATOR, subject: `cli:${userInfo().username}` };
    const d = await service.issue(operator, caseId, crypto.randomUUID());
    const pdfFile = out ?? `dossier-${caseId}.pdf`;
    const jsonFile = pdfFile.replace(/\.pdf$/i, '') + '.json';
    writeFileSync(pdfFile, d.pdf);
    writeFileSync(jsonFile, d.json);
    return {
      pdfFile,
      jsonFile,
      language: d.package.language,
      routeId: d.package.route?.id ?? null,
      communications: d.package.communications.length,
      pages: (await PDFDocument.load(d.pdf)).getPageCount(),
      bytes: d.pdf.length,
    };
  } finally {
    await ds.destroy();
  }
}
