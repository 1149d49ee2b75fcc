import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { defineAction } from '../action';
import { rows } from '../db/client';
import { AppError } from '../errors';
import type { Role } from '@shared/contracts/unions';
import { inviteCodeOf, loadInvite } from './invites';
import { wxacodeFromEnv } from '../platform/wechat-api';

const MANAGERS: Role[] = ['chair', 'vice_chair', 'federation_admin'];
const JOIN_PAGE = 'pages/membership/join/index';
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** 12 random characters: the invite's poster scene `i=<scene>` stays within getwxacodeunlimit's 32. */
const newScene = () => Array.from(crypto.randomBytes(12), (b) => ALPHABET[b % ALPHABET.length]).join('');

/** Posters: a mini-program code (getwxacodeunlimit) whose scene maps to the invite; the join page reads `scene`. */
export const invitePosterActions = [
  defineAction('membership.invitePoster', {
    allow: MANAGERS,
    scope: async (tx, input) => (await loadInvite(tx, input.inviteId)).union_id,
    async handler({ tx, input }) {
      const wxacode = wxacodeFromEnv();
      if (!wxacode) throw new AppError('WECHAT_NOT_CONFIGURED', '本平台尚未配置小程序 AppID 与 AppSecret，无法生成小程序码');
      await tx.execute(sql`UPDATE invites SET scene = ${newScene()} WHERE id = ${input.inviteId} AND scene IS NULL`);
      const [inv] = await rows<{ scene: string }>(tx, sql`SELECT scene FROM invites WHERE id = ${input.inviteId}`);
      const scene = `i=${inv.scene}`;
      let image: Buffer;
      try {
        image = await wxacode(scene, JOIN_PAGE);
      } catch (e) {
        throw new AppError('WECHAT_FAILED', `生成小程序码失败（${(e as { errcode?: number }).errcode ?? '网络'}），请稍后再试`);
      }
      return { scene, dataUrl: `data:image/jpeg;base64,${image.toString('base64')}` };
    },
  }),

  defineAction('membership.inviteByScene', {
    readOnly: true,
    allow: 'public',
    async handler({ tx, input }) {
      const [inv] = await rows<{ id: string }>(tx, sql`SELECT id FROM invites WHERE scene = ${input.scene.slice(2)}`);
      if (!inv) throw new AppError('INVITE_INVALID', '邀请码无效，请重新扫描海报上的小程序码');
      return { inviteCode: inviteCodeOf(inv.id) };
    },
  }),
];
