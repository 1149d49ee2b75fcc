import { z } from 'zod';
import { contract } from './contract';
import { id } from './common';
import type { WecomLoginOutput } from './unions';

/** An h5 page address (http(s), no fragment beyond the hash route) the WeCom OAuth2 page returns to. */
const pageUrl = z
  .string()
  .trim()
  .max(500)
  .regex(/^https?:\/\/[^\s]+$/, '页面地址：应以 http:// 或 https:// 开头');

export interface WecomAuthorizeOutput {
  /** The WeCom OAuth2 authorize page (snsapi_base); null where WeCom web sign-in is not configured. */
  url: string | null;
}

/** What `wx.config` and `wx.agentConfig` need for the page at `url` (JS-SDK signature, sha1). */
export interface JsapiSignatureOutput {
  corpId: string;
  agentId: string | null;
  timestamp: number;
  nonceStr: string;
  signature: string;
  agentSignature: string | null;
}

export interface PlatformProblemView {
  id: string;
  platform: 'wecom' | 'wechat';
  account: string;
  api: string;
  errcode: number;
  hint: string;
  firstAt: string;
  lastAt: string;
  times: number;
}

export interface WecomCorpView {
  corpId: string;
  name: string;
  unionIds: string[];
  /** The secret is never shown back; only whether one is stored. */
  hasSecret: boolean;
  /** 上下游 agent id, or null for a corp with its own app. */
  agentId: string | null;
  updatedAt: string;
}

export interface InvitePosterOutput {
  /** The scene in the mini-program code (≤ 32 characters): `i=<invite code>`. */
  scene: string;
  /** The mini-program code image (getwxacodeunlimit), as a data URL. */
  dataUrl: string;
}

const corpId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{4,64}$/, '企业 ID：应为企业微信管理后台“我的企业”中的企业ID');

export const signinContracts = {
  /** h5 on the WeCom workbench: where to send the browser to sign in (state carries the page to return to). */
  'unions.wecomAuthorizeUrl': contract<WecomAuthorizeOutput>()(
    z
      .object({
        redirectUri: pageUrl,
        state: z
          .string()
          .trim()
          .max(128)
          .regex(/^[A-Za-z0-9_-]*$/, '状态：格式不正确'),
      })
      .strict(),
  ),
  /** h5: the OAuth2 code (snsapi_base) → our session bound to (corp id, user id). */
  'unions.wecomWebLogin': contract<WecomLoginOutput>()(z.object({ code: z.string().trim().min(1).max(128) }).strict()),
  /** h5 JS-SDK: signature of the page for wx.config / wx.agentConfig (scanning, sharing). */
  'unions.wecomJsapiSignature': contract<JsapiSignatureOutput>()(z.object({ url: pageUrl }).strict()),
  /** Setup problems the platforms reported (egress IP not trusted, wrong secret…) for a federation's corps. */
  'unions.platformProblems': contract<{ problems: PlatformProblemView[] }>()(z.object({ unionId: id }).strict()),
  /** The WeCom corps configured by a federation and the unions whose workers sign in from each. */
  'unions.wecomCorps': contract<{ corps: WecomCorpView[] }>()(z.object({ unionId: id }).strict()),
  /** Add or change a corp: its app secret (sealed at rest; omitted = keep) and the unions it maps to. */
  'unions.saveWecomCorp': contract<WecomCorpView>()(
    z
      .object({
        unionId: id,
        corpId,
        name: z.string().trim().min(1, '企业名称：请填写').max(60),
        secret: z.string().trim().min(8, '应用 Secret：长度不正确').max(128).optional(),
        unionIds: z.array(id).min(1, '对应工会：至少选择一个').max(50),
        /** 上下游: the federation app's agent id in this corp (the corp then signs in through the federation's app). */
        agentId: z
          .string()
          .trim()
          .regex(/^[0-9]{1,12}$/, '应用 AgentId：应为数字')
          .optional(),
      })
      .strict(),
  ),
  /** A poster's mini-program code whose scene (≤ 32 characters) maps to the invite; the join page reads `scene`. */
  'membership.invitePoster': contract<InvitePosterOutput>()(z.object({ inviteId: id }).strict()),
  /** The join page opened from a poster: `scene` → the invite code it stands for. */
  'membership.inviteByScene': contract<{ inviteCode: string }>()(
    z
      .object({
        scene: z
          .string()
          .trim()
          .max(32)
          .regex(/^i=[A-Za-z0-9]{10,16}$/, '场景值：格式不正确'),
      })
      .strict(),
  ),
  /** 已处理: a federation admin marks a setup problem resolved; it comes back if the platform reports it again. */
  'unions.resolvePlatformProblem': contract<{ resolvedAt: string }>()(z.object({ unionId: id, problemId: id }).strict()),
};
