import { ADMIN_URL } from '../../../tests/support/test-database-urls';
import { setupPasswords } from './role-passwords';

/** Against the machine's PostgreSQL, whose tongxin_owner and tongxin_app roles the test run created. */
describe('db:setup role passwords', () => {
  it('generates strong passwords for roles that do not exist yet, different each time', async () => {
    const roles = { owner: 'tongxin_setup_test_owner', app: 'tongxin_setup_test_app' };
    const a = await setupPasswords(ADMIN_URL, {}, roles);
    const b = await setupPasswords(ADMIN_URL, {}, roles);
    expect(a.generated).toEqual(['DATABASE_OWNER_PASSWORD', 'DATABASE_APP_PASSWORD']);
    for (const password of [a.owner, a.app]) {
      expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(Object.values(roles)).not.toContain(password);
    }
    expect(new Set([a.owner, a.app, b.owner, b.app]).size).toBe(4);
  });

  it('never generates a password for a role that exists: the servers using it would be locked out', async () => {
    await expect(setupPasswords(ADMIN_URL, {})).rejects.toThrow(
      'Role tongxin_owner exists: set DATABASE_OWNER_PASSWORD to its password (or to a new one to change it)',
    );
    await expect(setupPasswords(ADMIN_URL, { DATABASE_OWNER_PASSWORD: 'x'.repeat(20) })).rejects.toThrow(
      'Role tongxin_app exists: set DATABASE_APP_PASSWORD',
    );
  });

  it('takes given passwords of 16+ characters and refuses short ones or the role’s name', async () => {
    const given = {
      DATABASE_OWNER_PASSWORD: 'owner-secret-0123456789',
      DATABASE_APP_PASSWORD: 'app-secret-0123456789',
    };
    expect(await setupPasswords(ADMIN_URL, given)).toEqual({
      owner: given.DATABASE_OWNER_PASSWORD,
      app: given.DATABASE_APP_PASSWORD,
      generated: [],
    });
    await expect(setupPasswords(ADMIN_URL, { ...given, DATABASE_APP_PASSWORD: 'tongxin_app' })).rejects.toThrow(
      'DATABASE_APP_PASSWORD needs 16+ characters',
    );
    await expect(setupPasswords(ADMIN_URL, { ...given, DATABASE_OWNER_PASSWORD: 'short' })).rejects.toThrow(
      'DATABASE_OWNER_PASSWORD needs 16+ characters',
    );
  });
});
