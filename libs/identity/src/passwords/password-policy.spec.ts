import { assertStrongPassword, isCommonPassword } from './password-policy';

const codeOf = (password: string, username?: string) => {
  try {
    assertStrongPassword(password, { username });
    return 'ok';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('the password rule', () => {
  it.each([
    // From the maintained list, in any case, with trailing punctuation.
    ['password1', 'PASSWORD_TOO_COMMON'],
    ['qwerty123', 'PASSWORD_TOO_COMMON'],
    ['QWERTY123!', 'PASSWORD_TOO_COMMON'],
    ['1qaz2wsx', 'PASSWORD_TOO_COMMON'],
    // Chinese patterns: 我爱你 520/1314, QQ, surnames in pinyin.
    ['woaini1314', 'PASSWORD_TOO_COMMON'],
    ['woaini520', 'PASSWORD_TOO_COMMON'],
    ['qq123456', 'PASSWORD_TOO_COMMON'],
    ['qq5201314', 'PASSWORD_TOO_COMMON'],
    ['wang123456', 'PASSWORD_TOO_COMMON'],
    ['aa123456', 'PASSWORD_TOO_COMMON'],
    // A common word with only digits and punctuation after it.
    ['Huawei@123', 'PASSWORD_TOO_COMMON'],
    ['Beijing2026', 'PASSWORD_TOO_COMMON'],
    ['Wangge@2026', 'PASSWORD_TOO_COMMON'],
    ['Admin2026!', 'PASSWORD_TOO_COMMON'],
    // Too short, or one kind of character only.
    ['123456a', 'WEAK_PASSWORD'],
    ['a123456', 'WEAK_PASSWORD'],
    ['5201314', 'WEAK_PASSWORD'],
    ['lettersonly', 'WEAK_PASSWORD'],
    ['1234567890', 'WEAK_PASSWORD'],
    ['x'.repeat(128) + '1', 'WEAK_PASSWORD'],
    // Fine.
    ['Passw0rd-2026', 'ok'],
    ['demo1234', 'ok'],
    ['同心共建2026', 'ok'],
    ['Beijing-Huawei-77', 'ok'],
  ])('%s → %s', (password, code) => {
    expect(codeOf(password)).toBe(code);
  });

  it('refuses a password that contains the username', () => {
    expect(codeOf('zhangwei-2026', 'zhangwei')).toBe('PASSWORD_TOO_COMMON');
    expect(codeOf('ZhangWei-2026', 'zhangwei')).toBe('PASSWORD_TOO_COMMON');
    expect(codeOf('Passw0rd-2026', 'zhangwei')).toBe('ok');
  });

  it('knows the common list', () => {
    expect(isCommonPassword('123456789')).toBe(true);
    expect(isCommonPassword('N3w-Passw0rd-2026')).toBe(false);
  });
});
