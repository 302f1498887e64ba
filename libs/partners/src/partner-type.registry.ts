import { Injectable } from '@nestjs/common';
import { badRequest } from '@tongxin/http';

export interface PartnerTypeDefinition {
  key: string;
  'zh-CN': string;
  en: string;
}

/** The kinds of body outside the tree the core knows; plugins add theirs (e.g. a mediation organisation). */
export const CORE_PARTNER_TYPES: PartnerTypeDefinition[] = [
  { key: 'department', 'zh-CN': '职能部门', en: 'Government department' },
  { key: 'unit', 'zh-CN': '驻区单位/机关单位', en: 'Resident or government unit' },
  { key: 'property_company', 'zh-CN': '物业公司', en: 'Property management company' },
  { key: 'law_firm', 'zh-CN': '律师事务所', en: 'Law firm' },
  { key: 'social_org', 'zh-CN': '社会组织', en: 'Social organisation' },
];

@Injectable()
export class PartnerTypeRegistry {
  private readonly types = new Map<string, PartnerTypeDefinition>();

  constructor() {
    for (const t of CORE_PARTNER_TYPES) this.register(t);
  }

  register(type: PartnerTypeDefinition): void {
    if (!/^[a-z][a-z0-9_:-]{1,47}$/.test(type.key)) throw new Error(`Malformed partner type: ${type.key}`);
    if (this.types.has(type.key)) throw new Error(`Partner type registered twice: ${type.key}`);
    this.types.set(type.key, type);
  }

  all(): PartnerTypeDefinition[] {
    return [...this.types.values()];
  }

  assertKnown(key: string): void {
    if (!this.types.has(key)) throw badRequest('UNKNOWN_PARTNER_TYPE', { type: key });
  }
}
