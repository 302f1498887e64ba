import { maskIdNumber, maskPhone } from './personal-data';

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
});
