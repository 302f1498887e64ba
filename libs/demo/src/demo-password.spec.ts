import { demoPassword, EMBEDDED_DEMO_PASSWORD } from './demo-password';

describe('the demo users’ password', () => {
  it('is the README’s demo1234 on the embedded database, or DEMO_PASSWORD when given', () => {
    expect(demoPassword({}, true)).toBe(EMBEDDED_DEMO_PASSWORD);
    expect(demoPassword({ DEMO_PASSWORD: 'zeroconf123' }, true)).toBe('zeroconf123');
  });

  it('is never a known or weak one on a real database: the start is refused with the reason', () => {
    expect(() => demoPassword({}, false)).toThrow(
      /DEMO=true on a real database \(DATABASE_URL\): DEMO_PASSWORD is not set/,
    );
    for (const weak of ['demo1234', 'short1', 'onlyletterslong', '1234567890123'])
      expect(() => demoPassword({ DEMO_PASSWORD: weak }, false)).toThrow(
        /needs 12\+ characters with letters and digits/,
      );
    expect(() => demoPassword({}, false)).toThrow('openssl rand -base64 18');
    expect(demoPassword({ DEMO_PASSWORD: 'Tr1al-district-2027' }, false)).toBe('Tr1al-district-2027');
  });
});
