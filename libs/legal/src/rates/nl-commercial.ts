import type { RateTable } from './rate-table';

/**
 * NL: statutory commercial interest (art. 6:119a BW): ECB main refinancing rate of the last
 * operation before 1 January / 1 July + 8 points (art. 6:120 lid 2 BW), not rounded. Used by NL-B-1.
 * Update: `amicus rates add --table nl-commercial …` each half-year (ECB rate + 8; this file is the seed).
 */
export const NL_COMMERCIAL: RateTable = {
  id: 'nl-commercial',
  name: 'Dutch statutory commercial interest (art. 6:119a BW)',
  legalBasis: 'art. 6:119a and 6:120 lid 2 BW',
  periods: [
    { from: '2023-01-01', to: '2023-06-30', ratePercent: '10.50', source: 'ECB MRO 2.50% (21 Dec 2022) + 8; rijksoverheid.nl' },
    { from: '2023-07-01', to: '2023-12-31', ratePercent: '12.00', source: 'ECB MRO 4.00% (21 Jun 2023) + 8; rijksoverheid.nl' },
    { from: '2024-01-01', to: '2024-06-30', ratePercent: '12.50', source: 'ECB MRO 4.50% (20 Sep 2023) + 8; rijksoverheid.nl' },
    { from: '2024-07-01', to: '2024-12-31', ratePercent: '12.25', source: 'ECB MRO 4.25% (12 Jun 2024) + 8; rijksoverheid.nl' },
    { from: '2025-01-01', to: '2025-06-30', ratePercent: '11.15', source: 'ECB MRO 3.15% (18 Dec 2024) + 8; rijksoverheid.nl' },
    { from: '2025-07-01', to: '2025-12-31', ratePercent: '10.15', source: 'ECB MRO 2.15% (11 Jun 2025) + 8; rijksoverheid.nl' },
  ],
};
