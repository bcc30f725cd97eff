import { registerEnumType } from 'type-graphql';

/**
 * Who a caller is, for access decisions. PUBLIC is the caller without a token (phones on the
 * internet); the others come from the `role` claim of a verified bearer token.
 */
export enum Role {
  PUBLIC = 'PUBLIC',
  DASHBOARD = 'DASHBOARD',
  ANALYST = 'ANALYST',
  ADMIN = 'ADMIN',
  ORG_MANAGER = 'ORG_MANAGER',
}

registerEnumType(Role, {
  name: 'Role',
  description: 'Access role: PUBLIC (no token), DASHBOARD, ANALYST, ADMIN, ORG_MANAGER',
  valuesConfig: {
    PUBLIC: { description: '无令牌: the mobile app, the service map' },
    DASHBOARD: { description: '大屏: aggregates only, perturbed' },
    ANALYST: { description: '分析人员: records, personal fields masked' },
    ADMIN: { description: '数据管理员: records, personal fields in clear, every read audited' },
    ORG_MANAGER: { description: '单位管理员: the talents of the one organization named by its token (`org`), personal fields masked; nothing else of the register' },
  },
});

/** The roles a token may carry; PUBLIC is never a claim, it is the absence of a token. */
export const TOKEN_ROLES = [Role.DASHBOARD, Role.ANALYST, Role.ADMIN, Role.ORG_MANAGER] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

export function isTokenRole(value: unknown): value is TokenRole {
  return typeof value === 'string' && (TOKEN_ROLES as readonly string[]).includes(value);
}

export type PersonalFieldAccess = 'none' | 'masked' | 'clear';

export interface RolePolicy {
  /** Aggregates exact; without it, perturbed (src/modules/analytics/perturbation.ts). */
  exactAggregates: boolean;
  /** Records: talents, organizations, platforms, awards (and audit events for ADMIN only). */
  records: boolean;
  /** ID numbers and phones: refused, masked (110117********123X, 138****5678) or in clear. */
  personalFields: PersonalFieldAccess;
  /** Every read of a personal field in clear writes an audit row. */
  auditPersonalReads: boolean;
  /** The audit trail itself. */
  auditTrail: boolean;
  /** Data entry: create, update and archive records (mutations and imports). */
  writesRecords: boolean;
  /**
   * Reads, creates, updates, archives and restores the talents of one organization only, the one
   * named by the token's `org` claim (required for such a role); nothing else of the register.
   */
  ownOrganizationTalents: boolean;
  /** The job board (issue 14): open demands, the shortage catalogue, training programmes. */
  jobBoard: boolean;
  /**
   * The demand desk (issue 14): posting, closing and filling demands, bids on challenges and
   * training enrolments: for every organization ('all'), for the organization named by the
   * token's `org` claim and its own talents and platforms ('ownOrganization'), or not at all.
   * Catalogue entries and imports need 'all'.
   */
  demandDesk: DemandDeskAccess;
}

export type DemandDeskAccess = 'none' | 'ownOrganization' | 'all';

/**
 * THE access policy (issue 5, "Who may see what"). Everything that decides access reads this
 * table through the functions below; nothing else compares roles.
 */
export const POLICY: Readonly<Record<Role, Readonly<RolePolicy>>> = Object.freeze({
  [Role.PUBLIC]: { exactAggregates: false, records: false, personalFields: 'none', auditPersonalReads: false, auditTrail: false, writesRecords: false, ownOrganizationTalents: false, jobBoard: true, demandDesk: 'none' },
  [Role.DASHBOARD]: { exactAggregates: false, records: false, personalFields: 'none', auditPersonalReads: false, auditTrail: false, writesRecords: false, ownOrganizationTalents: false, jobBoard: true, demandDesk: 'none' },
  [Role.ANALYST]: { exactAggregates: true, records: true, personalFields: 'masked', auditPersonalReads: false, auditTrail: false, writesRecords: false, ownOrganizationTalents: false, jobBoard: true, demandDesk: 'none' },
  [Role.ADMIN]: { exactAggregates: true, records: true, personalFields: 'clear', auditPersonalReads: true, auditTrail: true, writesRecords: true, ownOrganizationTalents: false, jobBoard: true, demandDesk: 'all' },
  // Masked, like ANALYST: a manager enters and corrects its own staff's numbers but never reads them
  // back in clear, so a leaked manager token discloses no ID number (see SECURITY.md).
  [Role.ORG_MANAGER]: { exactAggregates: false, records: false, personalFields: 'masked', auditPersonalReads: false, auditTrail: false, writesRecords: false, ownOrganizationTalents: true, jobBoard: true, demandDesk: 'ownOrganization' },
});

export const canReadRecords = (role: Role): boolean => POLICY[role].records;
export const seesExactAggregates = (role: Role): boolean => POLICY[role].exactAggregates;
export const personalFieldAccess = (role: Role): PersonalFieldAccess => POLICY[role].personalFields;
export const auditsPersonalReads = (role: Role): boolean => POLICY[role].auditPersonalReads;
export const canWriteRecords = (role: Role): boolean => POLICY[role].writesRecords;
export const canReadAuditTrail = (role: Role): boolean => POLICY[role].auditTrail;
export const isOrganizationScoped = (role: Role): boolean => POLICY[role].ownOrganizationTalents;
export const readsJobBoard = (role: Role): boolean => POLICY[role].jobBoard;
export const demandDeskAccess = (role: Role): DemandDeskAccess => POLICY[role].demandDesk;

const rolesWhere = (allowed: (role: Role) => boolean): Role[] => Object.values(Role).filter(allowed);

/**
 * Role lists for type-graphql's `@Authorized(...)`, derived from the table so a decorator can
 * never disagree with it: `@Authorized(...RECORD_READERS)`.
 */
export const RECORD_READERS: Role[] = rolesWhere(canReadRecords);
export const WRITERS: Role[] = rolesWhere(canWriteRecords);
export const AUDIT_READERS: Role[] = rolesWhere(canReadAuditTrail);
/** Talents: every record reader, and the organization-scoped roles (for their own organization only, see talentScope). */
export const TALENT_READERS: Role[] = rolesWhere((role) => canReadRecords(role) || isOrganizationScoped(role));
/** Talent data entry: every writer, and the organization-scoped roles (their own organization only). */
export const TALENT_WRITERS: Role[] = rolesWhere((role) => canWriteRecords(role) || isOrganizationScoped(role));
/** The job board: open demands, the shortage catalogue, training programmes. */
export const JOB_BOARD_READERS: Role[] = rolesWhere(readsJobBoard);
/** Demand desk: every role with some access (organization-scoped ones for their own organization only, see deskScope). */
export const DEMAND_DESK: Role[] = rolesWhere((role) => demandDeskAccess(role) !== 'none');
/** Catalogue entries and demand-side imports: the desk for every organization. */
export const CATALOGUE_EDITORS: Role[] = rolesWhere((role) => demandDeskAccess(role) === 'all');
