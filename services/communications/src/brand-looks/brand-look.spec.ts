import { brandLanguages } from './brand-look';

describe('brand languages', () => {
  it('reads regional tags as their template language and keeps the order', () => {
    expect(brandLanguages(['fr-BE', 'nl', 'nl-BE'])).toEqual(['fr', 'nl']);
  });
  it('writes in English when the brand speaks none of the template languages', () => {
    expect(brandLanguages(['es', 'it'])).toEqual(['en']);
  });
});
