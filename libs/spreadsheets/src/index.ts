/**
 * Tables people upload, read so that what is stored is what they typed: CSV in the encodings
 * Excel saves (UTF-8, UTF-16, GBK/GB18030), XLSX workbooks, text files in general. Used by the
 * hierarchy import and re-exported to plugins by the SDK (docs/plugins.md, Uploads).
 */
export * from './decode-text';
export * from './read-table';
