import type { RateTable } from './rate-table';

/**
 * NL: statutory interest for non-commercial transactions (art. 6:119 BW), set by order in
 * council (Besluit vaststelling wettelijke rente) per 1 January / 1 July. Used by NL-C-4.
 * Update: when the Staatscourant publishes it, `amicus rates add --table nl-statutory …` (this file is the seed).
 */
export const NL_STATUTORY: RateTable = {
  id: 'nl-statutory',
  name: 'Dutch statutory interest (art. 6:119 BW)',
  legalBasis: 'art. 6:119 and 6:120 BW',
  periods: [
    {
      from: '2023-01-01',
      to: '2023-06-30',
      ratePercent: '4.00',
      source: 'Besluit vaststelling wettelijke rente, Staatsblad (per 1 Jan 2023)',
    },
    {
      from: '2023-07-01',
      to: '2023-12-31',
      ratePercent: '6.00',
      source: 'Besluit vaststelling wettelijke rente, Staatsblad (per 1 Jul 2023)',
    },
    {
      from: '2024-01-01',
      to: '2024-06-30',
      ratePercent: '7.00',
      source: 'Besluit vaststelling wettelijke rente of 20 Dec 2023 (per 1 Jan 2024)',
    },
    { from: '2024-07-01', to: '2024-12-31', ratePercent: '7.00', source: 'unchanged per 1 Jul 2024 (rijksoverheid.nl)' },
    {
      from: '2025-01-01',
      to: '2025-06-30',
      ratePercent: '6.00',
      source: 'Besluit vaststelling wettelijke rente, Staatsblad (per 1 Jan 2025)',
    },
    {
      from: '2025-07-01',
      to: '2025-12-31',
      ratePercent: '4.00',
      source: 'Besluit vaststelling wettelijke rente, Staatsblad (per 1 Jul 2025)',
    },
  ],
};
