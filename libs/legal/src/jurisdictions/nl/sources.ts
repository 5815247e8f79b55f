/** Legal sources of the Dutch rules (legal-rules.md). */
export const BW_696 = 'art. 6:96 lid 6 BW (14-day letter)';
export const BIK = 'Besluit vergoeding voor buitengerechtelijke incassokosten (BIK, BWBR0031432) art. 2';
export const BW_6119 = 'art. 6:119 BW (statutory interest)';
export const BW_6119A = 'art. 6:119a BW (commercial interest)';
export const BW_696_4 = 'art. 6:96 lid 4 BW (€40 minimum, commercial transactions)';
export const NL_ALLOCATION = {
  rule: 'NL-X-1',
  source: 'art. 6:44 BW (costs, interest, principal); art. 6:43 lid 2 BW (oldest claim first)',
};
