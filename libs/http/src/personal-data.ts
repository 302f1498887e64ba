/**
 * Personal data as lists show it to callers who may not see it in full: enough to recognise
 * ("is this the 138…0000 I called?"), not enough to call or look up. Who may see what in full is
 * the caller's decision (the service knows the permission); these only mask.
 */

/** `13812345678` → `138****5678`: the first three digits and the last four; short numbers only their last two. */
export function maskPhone(phone: string | null): string | null {
  if (phone === null || phone === '') return phone;
  const digits = phone.replace(/\D/g, '');
  if (digits.length >= 7) {
    // Up to and including the third digit ("+861", "037" of "0375-…"): it has at least seven.
    const throughThirdDigit = /^(?:\D*\d){3}/.exec(phone)![0];
    return `${throughThirdDigit}****${digits.slice(-4)}`;
  }
  return `${'*'.repeat(Math.max(0, phone.length - 2))}${phone.slice(-2)}`;
}

/** A resident ID number (身份证号, 18 characters) → `4101**********123X`: region and last four. */
export function maskIdNumber(idNumber: string | null): string | null {
  if (idNumber === null || idNumber === '') return idNumber;
  if (idNumber.length <= 8) return '*'.repeat(idNumber.length);
  return `${idNumber.slice(0, 4)}${'*'.repeat(idNumber.length - 8)}${idNumber.slice(-4)}`;
}

/**
 * An address (住址) → its place without its numbers: `南环路12号3单元401` → `南环路**号*单元***`. The
 * street or compound stays readable (what a report groups by); the building, unit and room, which
 * find the household, do not.
 */
export function maskAddress(address: string | null): string | null {
  if (address === null || address === '') return address;
  return address.replace(/[0-9０-９]/g, '*');
}
