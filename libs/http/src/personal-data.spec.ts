import { maskAddress, maskIdNumber, maskPhone } from './personal-data';

describe('personal data masks', () => {
  it('shows a mobile number’s carrier prefix and last four digits only', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+8613812345678')).toBe('+861****5678');
    expect(maskPhone('0375-1234567')).toBe('037****4567');
    expect(maskPhone('12345')).toBe('***45');
    expect(maskPhone(null)).toBeNull();
  });

  it('shows an ID number’s region and last four characters only', () => {
    expect(maskIdNumber('41040219800101123X')).toBe('4104**********123X');
    expect(maskIdNumber('1234567')).toBe('*******');
    expect(maskIdNumber(null)).toBeNull();
  });

  it('keeps an address’s place and hides its house, building and room numbers', () => {
    expect(maskAddress('南环路12号3单元401')).toBe('南环路**号*单元***');
    expect(maskAddress('幸福小区１２栋')).toBe('幸福小区**栋');
    expect(maskAddress('')).toBe('');
    expect(maskAddress(null)).toBeNull();
  });

  it('masks what is already masked the same way (an export may mask a list’s masked view again)', () => {
    expect(maskPhone('138****5678')).toBe('138****5678');
    expect(maskIdNumber('4104**********123X')).toBe('4104**********123X');
  });
});
