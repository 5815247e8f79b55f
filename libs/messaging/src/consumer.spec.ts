import { asText } from './consumer';

describe('asText (how parked bytes are kept)', () => {
  it('keeps UTF-8 text as it is', () => {
    expect(asText(Buffer.from('{"é": 1}'))).toBe('{"é": 1}');
  });

  it('keeps bytes that are not clean text as base64', () => {
    expect(asText(Buffer.from([0xff, 0xfe]))).toBe('base64://4=');
    expect(asText(Buffer.from('a\u0000b'))).toBe(`base64:${Buffer.from('a\u0000b').toString('base64')}`);
  });
});
