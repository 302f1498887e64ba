export * from './import/org-import.service';
export * from './import/org-import.types';
export * from './org-levels';
export * from './org-unit.dto';
export * from './org-unit.entity';
export * from './org-unit.service';
export * from './org.module';
