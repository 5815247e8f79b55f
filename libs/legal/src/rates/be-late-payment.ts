import type { RateTable } from './rate-table';

/**
 * BE: reference rate of art. 5 al. 2 Law of 2 August 2002 (ECB main refinancing rate + 8 points,
 * rounded up to the next half point), published per half-year by the FPS Finance in the Belgian
 * Official Gazette. Used by BE-B-1 and, as the ceiling, by BE-C-5.
 * Update: when the Gazette notice appears, `amicus rates add --table be-late-payment …` (this file is the seed).
 */
export const BE_LATE_PAYMENT: RateTable = {
  id: 'be-late-payment',
  name: 'Belgian late-payment reference rate (Law 2 Aug 2002, art. 5)',
  legalBasis: 'Law of 2 August 2002, art. 5 al. 2',
  periods: [
    {
      from: '2023-01-01',
      to: '2023-06-30',
      ratePercent: '10.50',
      source: 'FPS Finance notice, Belgian Official Gazette (1st half 2023); ECB MRO 2.50% + 8',
    },
    {
      from: '2023-07-01',
      to: '2023-12-31',
      ratePercent: '12.00',
      source: 'FPS Finance notice, Belgian Official Gazette (2nd half 2023); ECB MRO 4.00% + 8',
    },
    {
      from: '2024-01-01',
      to: '2024-06-30',
      ratePercent: '12.50',
      source: 'FPS Finance notice, Belgian Official Gazette (1st half 2024); ECB MRO 4.50% + 8',
    },
    {
      from: '2024-07-01',
      to: '2024-12-31',
      ratePercent: '12.50',
      source: 'FPS Finance notice, Belgian Official Gazette (2nd half 2024); ECB MRO 4.25% + 8, rounded up',
    },
    {
      from: '2025-01-01',
      to: '2025-06-30',
      ratePercent: '11.50',
      source: 'FPS Finance notice, Belgian Official Gazette (1st half 2025); ECB MRO 3.15% + 8, rounded up',
    },
    {
      from: '2025-07-01',
      to: '2025-12-31',
      ratePercent: '10.50',
      source: 'FPS Finance notice, Belgian Official Gazette (2nd half 2025); ECB MRO 2.15% + 8, rounded up',
    },
  ],
};
