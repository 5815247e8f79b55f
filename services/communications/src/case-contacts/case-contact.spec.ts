import { postalAddressOf, preferredChannelOf, recipientText } from './case-contact';

const contact = {
  debtorName: 'Jan Peeters',
  emails: [] as string[],
  phones: ['+32470123456'],
  addresses: [{ lines: ['Kerkstraat 12'], postcode: '2000', city: 'Antwerpen', country: 'BE' }],
  preferredChannel: null as string | null,
};

describe('case contact', () => {
  it('takes the debtor preferred channel when it is a written one', () => {
    expect(preferredChannelOf({ ...contact, preferredChannel: 'letter' })).toBe('letter');
  });
  it('falls back to the first channel the debtor has a contact for', () => {
    expect(preferredChannelOf({ ...contact, preferredChannel: 'phone' })).toBe('sms');
    expect(preferredChannelOf({ ...contact, emails: ['jan@example.org'] })).toBe('email');
  });
  it('prints the address as the envelope window shows it', () => {
    const address = postalAddressOf(contact)!;
    expect(address).toEqual({ name: 'Jan Peeters', lines: ['Kerkstraat 12', '2000 Antwerpen'], country: 'BE' });
    expect(recipientText(address)).toBe('Jan Peeters, Kerkstraat 12, 2000 Antwerpen, BE');
  });
});
