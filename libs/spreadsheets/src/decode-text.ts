import { isUtf8 } from 'node:buffer';
import { DomainError } from '@tongxin/http';

/** The encodings a text file people upload arrives in, as detected or declared. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface DecodedText {
  text: string;
  /** How the bytes were read: what a client may show ("read as GBK") or log. */
  encoding: TextEncoding;
}

/**
 * Charsets a client may declare (`text/csv; charset=gbk`), by their WHATWG labels. Others are
 * refused rather than honoured: a file declared Latin-1 decodes "cleanly" whatever it holds, and
 * would be stored as mojibake. GBK and GB2312 are read as GB18030, the superset Excel's zh-CN
 * "CSV (逗号分隔)" (code page 936) falls inside.
 */
const DECLARABLE: Record<string, TextEncoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  'utf-16': 'utf-16le',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  gbk: 'gb18030',
  gb2312: 'gb18030',
  gb18030: 'gb18030',
  cp936: 'gb18030',
  'x-gbk': 'gb18030',
};

/** Excel's "Unicode text" and "CSV UTF-8" start with a byte-order mark; it says the encoding outright. */
function byBom(bytes: Uint8Array): TextEncoding | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

/** C0 controls but tab, LF and CR; DEL; C1 controls (what UTF-8 read as Latin-1 leaves behind). */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/**
 * GBK's user-defined areas decode to the Private Use Area. No district's file uses them, but Big5
 * (and other double-byte encodings) read as GBK land there: a sign the guess was wrong.
 */
const PRIVATE_USE = /[\ue000-\uf8ff]/;
const REPLACEMENT = '\ufffd';

const lineAt = (text: string, index: number) => text.slice(0, index).split('\n').length;

/**
 * Decodes the bytes of an uploaded text file (a CSV, a list) into text, or refuses them with a
 * 4xx naming what to do, so that nothing unreadable is ever stored as mojibake:
 *
 * - a byte-order mark decides first (UTF-8, UTF-16 LE/BE: Excel's "Unicode text");
 * - a declared `charset` other than UTF-8 is honoured, within the ones above
 *   (415 `UNSUPPORTED_CHARSET` otherwise); a declared UTF-8 is only a default many tools send
 *   whatever the file is, so it is checked like an undeclared one;
 * - bytes that are valid UTF-8 are UTF-8; anything else must decode cleanly as GB18030
 *   (what Chinese Excel saves), or it is 400 `FILE_ENCODING_UNKNOWN`;
 * - decoded text with U+FFFD (a file damaged by an earlier conversion) is 400
 *   `FILE_HAS_REPLACEMENT_CHARACTER`, and with control characters (a binary file, a workbook sent
 *   as CSV, UTF-16 without its mark) 400 `FILE_NOT_TEXT`, each with the line.
 *
 * The byte-order mark is not part of the text.
 */
export function decodeText(bytes: Uint8Array, declaredCharset?: string): DecodedText {
  const declared = declaredCharset?.trim().toLowerCase().replace(/^"|"$/g, '');
  let encoding = byBom(bytes);
  let guessed = false;
  if (!encoding && declared) {
    const known = DECLARABLE[declared];
    if (!known) throw new DomainError('UNSUPPORTED_CHARSET', 415, { charset: declared.slice(0, 40) });
    if (known !== 'utf-8') encoding = known;
  }
  if (!encoding) {
    encoding = isUtf8(bytes) ? 'utf-8' : 'gb18030';
    guessed = encoding === 'gb18030';
  }

  let text: string;
  try {
    // `fatal`: a byte sequence the encoding does not have throws instead of becoming U+FFFD.
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new DomainError('FILE_ENCODING_UNKNOWN', 400, {}, { tried: encoding });
  }
  if (guessed && PRIVATE_USE.test(text)) throw new DomainError('FILE_ENCODING_UNKNOWN', 400, {}, { tried: encoding });

  const replaced = text.indexOf(REPLACEMENT);
  if (replaced !== -1) {
    const line = lineAt(text, replaced);
    throw new DomainError('FILE_HAS_REPLACEMENT_CHARACTER', 400, { line }, { line, encoding });
  }
  const control = CONTROL.exec(text);
  if (control) {
    const line = lineAt(text, control.index);
    throw new DomainError('FILE_NOT_TEXT', 400, { line }, { line, encoding });
  }
  return { text, encoding };
}

/** The `charset` parameter of a Content-Type header, if any. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType ?? '');
  return match?.[2];
}
