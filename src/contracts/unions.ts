import { z } from 'zod';
import { contract } from './contract';
import { empty, hexColor, id, webUrl } from './common';

export const unionLevels = ['city', 'district', 'street', 'grassroots'] as const;
export type UnionLevel = (typeof unionLevels)[number];
export const unionLevelNames: Record<UnionLevel, string> = {
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

export const unionsContracts = {
  'unions.home': contract<HomeOutput>()(empty),
  /** Exchanges the code of `wx.qy.login` (WeCom) for our session bound to (corp id, user id). */
  'unions.wecomLogin': contract<WecomLoginOutput>()(z.object({ code: z.string().trim().min(1).max(128) }).strict()),
  'unions.tree': contract<{ nodes: UnionNode[] }>()(z.object({ unionId: id }).strict()),
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
