/**
 * Which pages a role is offered: the same roles the API gives each page's data to (a page a role may
 * not use is neither linked nor shown, and its API refuses). ADMIN may use every page.
 */
import type { Role } from './api/types';

export interface PageDef {
  path: string;
  /** the navigation link's name (CONTRACT) */
  link: string;
  roles: Role[];
}

export const PAGES: PageDef[] = [
  { path: '/claims', link: 'Claims', roles: ['BILLING', 'ADMIN'] },
  { path: '/staff', link: 'Staff', roles: ['CLINICAL_DIRECTOR', 'BILLING', 'REVIEWER', 'ADMIN'] },
  { path: '/approvals', link: 'Program approvals', roles: ['REVIEWER', 'CLINICAL_DIRECTOR', 'BILLING', 'ADMIN'] },
  { path: '/enrollment', link: 'Enrollment', roles: ['REVIEWER', 'CLINICAL_DIRECTOR', 'ADMIN'] },
];

export const pagesFor = (role: Role): PageDef[] => PAGES.filter((p) => p.roles.includes(role));

/** What a role may change, mirroring the API's roles for those writes. */
export const can = {
  editStaff: (role: Role) => role === 'CLINICAL_DIRECTOR' || role === 'ADMIN',
  recordEvent: (role: Role) => role === 'REVIEWER' || role === 'ADMIN',
  readRecipients: (role: Role) => role === 'BILLING' || role === 'CLINICAL_DIRECTOR' || role === 'ADMIN',
  readReadiness: (role: Role) => role === 'REVIEWER' || role === 'CLINICAL_DIRECTOR' || role === 'ADMIN',
  /** POST /providers/{id}/evidence: the roles of the enrollment check itself */
  recordEvidence: (role: Role) => role === 'REVIEWER' || role === 'CLINICAL_DIRECTOR' || role === 'ADMIN',
};

/** Where a role starts after signing in: the page made for it. */
const HOME: Record<Role, string> = { BILLING: '/claims', CLINICAL_DIRECTOR: '/staff', REVIEWER: '/approvals', ADMIN: '/claims' };
export const homeFor = (role: Role): string => HOME[role];
