import { z } from 'zod';
import { contract } from './contract';
import { empty, hexColor, id, paging, webUrl } from './common';

export const unionLevels = ['province', 'city', 'district', 'street', 'grassroots'] as const;
export type UnionLevel = (typeof unionLevels)[number];
export const unionLevelNames: Record<UnionLevel, string> = {
  province: '省总工会',
  city: '市总工会',
  district: '区总工会',
  street: '街道（乡镇）工会',
  grassroots: '基层工会',
};

/** Roles a person can hold on a union node. "member" is derived from an active membership. */
export const roles = ['member', 'chair', 'vice_chair', 'finance', 'service_staff', 'federation_admin'] as const;
export type Role = (typeof roles)[number];
export const roleNames: Record<Role, string> = {
  member: '会员',
  chair: '工会主席',
  vice_chair: '工会副主席',
  finance: '财务',
  service_staff: '服务人员',
  federation_admin: '总工会管理员',
};

export interface UnionBrand {
  id: string;
  name: string;
  shortName: string;
  level: UnionLevel;
  logoUrl: string | null;
  themeColor: string;
  slogan: string | null;
  /** Names from the top of the tree down to this union, e.g. 市总工会 › 区总工会 › 本工会. */
  lineage: string[];
}

export interface RoleGrantView {
  role: Role;
  unionId: string;
  unionName: string;
}

export interface HomeOutput {
  person: { id: string; name: string };
  membership: { memberNo: string; status: string; joinedAt: string | null; union: UnionBrand } | null;
  roles: RoleGrantView[];
  /** The federation (city / district / street) the person administers; null when none. */
  federation: UnionBrand | null;
}

export interface UnionNode {
  id: string;
  parentId: string | null;
  name: string;
  level: UnionLevel;
  themeColor: string;
  activeMembers: number;
}

export interface WecomLoginOutput {
  /** Our signed session, sent with every later call. */
  token: string;
  /** First visit: the person was created and has yet to join a union. */
  newcomer: boolean;
}

/** Roles a grassroots union's chair (or the federation above) grants and revokes (federation_admin is not among them). */
export const officerRoles = ['chair', 'vice_chair', 'finance', 'service_staff'] as const;
export type OfficerRole = (typeof officerRoles)[number];

export interface OfficerView {
  personId: string;
  name: string;
  role: OfficerRole;
  /** The officer's member number in this union (null: not an active member, e.g. a grant older than that rule). */
  memberNo: string | null;
  grantedAt: string;
}

export interface RoleChangeView {
  id: string;
  personId: string;
  name: string;
  role: Role;
  change: 'granted' | 'revoked';
  /** Who did it; null when the system ended it (the person left or transferred). */
  actorName: string | null;
  reason: string;
  at: string;
}

const roleReason = z.string().trim().min(1).max(100);

export const unionsContracts = {
  'unions.home': contract<HomeOutput>()(empty),
  /** Exchanges the code of `wx.qy.login` (WeCom) for our session bound to (corp id, user id). */
  'unions.wecomLogin': contract<WecomLoginOutput>()(z.object({ code: z.string().trim().min(1).max(128) }).strict()),
  'unions.tree': contract<{ nodes: UnionNode[] }>()(z.object({ unionId: id }).strict()),
  /** Officers of a grassroots union (its chair or the federation above). */
  'unions.officers': contract<{ officers: OfficerView[] }>()(z.object({ unionId: id }).strict()),
  /** Grant an officer role to an active member of the union, by member number. */
  'unions.grantRole': contract<{ officers: OfficerView[] }>()(
    z
      .object({ unionId: id, memberNo: z.string().trim().min(1).max(20), role: z.enum(officerRoles), reason: roleReason })
      .strict(),
  ),
  /** Revoke a role; the last chair only by the federation above. */
  'unions.revokeRole': contract<{ officers: OfficerView[] }>()(
    z.object({ unionId: id, personId: id, role: z.enum(officerRoles), reason: roleReason }).strict(),
  ),
  /** Who granted or revoked which role, newest first. */
  'unions.roleHistory': contract<{ changes: RoleChangeView[]; total: number }>()(
    z.object({ unionId: id }).merge(paging).strict(),
  ),
  /** 退出所有设备: every session of the caller stops working (this one too). */
  'unions.signOutEverywhere': contract<{ signedOut: true }>()(empty),
  'unions.brand': contract<UnionBrand>()(z.object({ unionId: id }).strict()),
  'unions.updateBranding': contract<UnionBrand>()(
    z
      .object({
        unionId: id,
        shortName: z.string().trim().min(1).max(20).optional(),
        themeColor: hexColor.optional(),
        logoUrl: webUrl.nullable().optional(),
        slogan: z.string().trim().max(60).nullable().optional(),
      })
      .strict(),
  ),
};
