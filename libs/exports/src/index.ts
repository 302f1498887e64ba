export * from './csv-cells';
export * from './export-columns';
export * from './export-format';
export * from './content-disposition';
export * from './sheet-writers';
export * from './list-exporter';
export * from './exports.module';
export * from './unit-names';
