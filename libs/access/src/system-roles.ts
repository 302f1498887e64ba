import { CORE_PERMISSIONS } from './permission-registry';

export interface SystemRoleDefinition {
  key: string;
  nameZh: string;
  nameEn: string;
  permissions: string[];
}

const ALL = CORE_PERMISSIONS.map((p) => p.key);
const READ_ALL = ['org.read', 'user.read', 'role.read', 'assignment.read', 'partner.read', 'plugin.read'];
const MANAGE_SUBTREE = [...READ_ALL, 'org.write', 'user.write', 'assignment.write', 'partner.write'];

/**
 * Roles every tenant starts with, one per level plus grid worker and party member. Their scope is
 * wherever they are assigned; a street's staff assigned at a street act on that street's subtree.
 */
export const SYSTEM_ROLES: SystemRoleDefinition[] = [
  { key: 'district_admin', nameZh: '区级管理员', nameEn: 'District administrator', permissions: ALL },
  { key: 'district_staff', nameZh: '区委工作人员', nameEn: 'District committee staff', permissions: READ_ALL },
  { key: 'street_staff', nameZh: '街道党工委工作人员', nameEn: 'Street committee staff', permissions: MANAGE_SUBTREE },
  {
    key: 'community_staff',
    nameZh: '社区党委工作人员',
    nameEn: 'Community committee staff',
    permissions: MANAGE_SUBTREE,
  },
  {
    key: 'grid_branch_staff',
    nameZh: '网格党支部（网格长）',
    nameEn: 'Grid branch staff (grid leader)',
    permissions: READ_ALL,
  },
  {
    key: 'group_staff',
    nameZh: '网格党小组长',
    nameEn: 'Grid party group leader',
    permissions: ['org.read', 'user.read'],
  },
  { key: 'grid_worker', nameZh: '网格员', nameEn: 'Grid worker', permissions: ['org.read', 'user.read'] },
  { key: 'party_member', nameZh: '党员', nameEn: 'Party member', permissions: ['org.read'] },
];
