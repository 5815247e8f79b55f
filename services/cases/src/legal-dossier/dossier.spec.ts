import { PDFDocument } from 'pdf-lib';
import { dossierPackage, packageJson } from './dossier';
import { dossierPdf } from './dossier-pdf';
import { sampleDossierInput } from './dossier-sample';

describe('the legal dossier (#16 §3)', () => {
  it('holds every communication with its hash, one annex each, and the route with its source', () => {
    const p = dossierPackage(sampleDossierInput(12));
    expect(p.communications.map((c) => c.sha256)).toEqual(sampleDossierInput(12).communications.map((c) => c.sha256));
    const annexed = p.annexes.filter((a) => a.section === 'communications');
    expect(annexed).toHaveLength(12);
    expect(annexed.map((a) => a.sha256)).toEqual(p.communications.map((c) => c.sha256));
    // A consumer in Ghent, €1,730.50: the justice of the peace (art. 590), in Dutch.
    expect(p.language).toBe('nl');
    expect(p.route).toMatchObject({ id: 'BE-R-2' });
    expect(p.route!.source).toMatch(/art\. 590/);
    expect(JSON.parse(packageJson(p))).toMatchObject({ format: 'amicus-legal-dossier/1', statement: { totalMinor: '177760' } });
  });

  it('a dispute answered by contesting keeps a B2B debt from the bailiff’s summons to pay', () => {
    const input = sampleDossierInput(1);
    const b2b = { ...input, debtor: { ...input.debtor, kind: 'business' } };
    expect(dossierPackage({ ...b2b, disputes: [] }).route?.id).toBe('BE-R-1');
    expect(dossierPackage(b2b).route?.id).toBe('BE-R-2');
  });

  it.each([
    ['9000', 'nl', 'Dossier voor de rechter'],
    ['4000', 'fr', 'Dossier pour le tribunal'],
    ['4700', 'de', 'Akte für das Gericht'],
  ])('renders a PDF in the court’s language (postcode %s → %s), with the index after the cover', async (postcode, language, title) => {
    const p = dossierPackage(sampleDossierInput(50, 'BE', postcode));
    expect(p.language).toBe(language);
    const bytes = await dossierPdf(p);
    const doc = await PDFDocument.load(bytes);
    expect(doc.getTitle()).toContain(title);
    expect(doc.getPageCount()).toBeGreaterThan(3);
    expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe('%PDF-');
  });
});
