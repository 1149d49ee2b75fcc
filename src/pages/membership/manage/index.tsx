import { useCallback, useEffect, useState } from 'react';
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro';
import { Button as NativeButton, Canvas, Image, Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components';
import { call, shareToOneGroup } from '@/api';
import { shareCover } from '@/utils/share-cover';
import {
  ROSTER_CHUNK_BYTES,
  matchKindNames,
  type ApplicationView,
  type InviteView,
  type RosterEntryView,
  type RosterPreview,
  type VerifyCardOutput,
} from '@shared/contracts/membership';
import { useAction } from '@/hooks/useAction';
import { useSignedIn } from '@/hooks/useSignedIn';
import { membershipStatusName } from '@/utils/format';
import { formatDate } from '@/utils/time';
import { toastError, toastSuccess } from '@/utils/toast';
import EmptyState from '@/components/EmptyState';
import { useConfirm } from '@/components/ConfirmDialog';
import { batchApprovedNotice, revokeInviteConfirmation } from '@shared/domain/confirmations';
import { Button, Skeleton } from '@/components/nutui';
import { pickRosterFile, saveTemplate } from './files';
import { canScan, scanCode } from '@/utils/scan';
import { canShareLink, shareLink } from '@/utils/share-link';
import './index.scss';
import { currentTheme, withTheme } from '@/theme';
import { roleGate } from '@/components/RoleGate';
import { useSubmit } from '@/hooks/useSubmit';

type Tab = 'apply' | 'invite' | 'roster' | 'verify';
/** Who may use each tab: the same role lists as the server's actions (reviewing/invites, roster keeping, card checks). */
const REVIEWERS = ['chair', 'vice_chair', 'federation_admin'];
const TABS: { key: Tab; title: string; roles: string[] }[] = [
  { key: 'apply', title: '入会审核', roles: REVIEWERS },
  // Invites are issued by a grassroots union itself; a federation desk sits on a federation node.
  { key: 'invite', title: '入会邀请', roles: ['chair', 'vice_chair'] },
  { key: 'roster', title: '花名册', roles: [...REVIEWERS, 'finance'] },
  { key: 'verify', title: '会员证核验', roles: [...REVIEWERS, 'finance', 'service_staff'] },
];
const DESK_ROLES = TABS[TABS.length - 1].roles;
/** Rows per page of the import report (the preview's first page has the same size). */
const ROSTER_REPORT_PAGE = 50;

/** The officer's desk for membership: approval queue, invites to share, roster import, member-card checks. */
function ManagePage() {
  const signedIn = useSignedIn();
  const router = useRouter();
  const home = useAction('unions.home', {}, { enabled: signedIn });
  const grants = (home.data?.roles ?? []).filter(
    (r) => DESK_ROLES.includes(r.role) && (!router.params.unionId || r.unionId === router.params.unionId),
  );
  // The union where the person can do most (a chair's union before one where they only check cards).
  const grant = [...grants].sort((a, b) => DESK_ROLES.indexOf(a.role) - DESK_ROLES.indexOf(b.role))[0];
  const roles = grants.filter((g) => g.unionId === grant?.unionId).map((g) => g.role as string);
  const tabs = TABS.filter((t) => t.roles.some((r) => roles.includes(r)));
  const [chosen, setTab] = useState<Tab | undefined>(router.params.tab as Tab | undefined);
  const tab = tabs.find((t) => t.key === chosen)?.key ?? tabs[0]?.key;

  // the invite card's cover in the union's branding, drawn once the page is up (weapp; h5 shares links)
  const [cover, setCover] = useState<string | null>(null);
  const coverUnion = grant?.unionName;
  useEffect(() => {
    if (!coverUnion || process.env.TARO_ENV !== 'weapp') return;
    let gone = false;
    Taro.nextTick(() => {
      void shareCover('invite-cover', { name: coverUnion, themeColor: currentTheme() }).then((p) => !gone && setCover(p));
    });
    return () => {
      gone = true;
    };
  }, [coverUnion]);

  useShareAppMessage((res) => {
    const code = (res.target as { dataset?: { code?: string } } | undefined)?.dataset?.code;
    return {
      title: `邀请你加入${grant?.unionName ?? '工会'}`,
      path: code ? `/pages/membership/join/index?invite=${code}` : '/pages/home/index',
      ...(cover ? { imageUrl: cover } : {}),
    };
  });

  const gate = roleGate({
    className: 'page manage-page',
    ready: !!home.data,
    allowed: !!grant,
    title: '仅工会工作人员可使用',
    description: '需要工会主席、副主席、财务、服务人员或总工会管理员身份',
  });
  if (gate || !grant) return gate; // !grant: only to narrow its type; the gate has answered it

  return (
    <View className='page manage-page'>
      {process.env.TARO_ENV === 'weapp' ? <Canvas type='2d' id='invite-cover' className='invite-cover-canvas' /> : null}
      <View className='manage-page__union'>{grant.unionName}</View>
      <View className='manage-tabs'>
        {tabs.map((t) => (
          <Text
            key={t.key}
            className={`manage-tabs__tab ${tab === t.key ? 'manage-tabs__tab--on' : ''}`}
            onClick={() => setTab(t.key)}
          >
            {t.title}
          </Text>
        ))}
      </View>
      <View className='page-body'>
        {tab === 'apply' ? <Applications unionId={grant.unionId} /> : null}
        {tab === 'invite' ? <Invites unionId={grant.unionId} unionName={grant.unionName} /> : null}
        {tab === 'roster' ? <Roster unionId={grant.unionId} /> : null}
        {tab === 'verify' ? <Verify /> : null}
      </View>
    </View>
  );
}

function Applications({ unionId }: { unionId: string }) {
  const { data, reload, loading } = useAction('membership.listApplications', { unionId, status: 'pending', pageSize: 100 });
  const needPlacing = !!data?.applications.some((a) => a.needsUnion);
  // A federation places workers whose employer has no union yet into one of its grassroots unions.
  const tree = useAction('unions.tree', { unionId }, { enabled: needPlacing });
  const grassroots = (tree.data?.nodes ?? []).filter((n) => n.level === 'grassroots');
  const [placeIn, setPlaceIn] = useState<Record<string, string>>({});
  const [selected, setSelected] = useState<string[]>([]);
  const { confirm, dialog } = useConfirm();
  const [rejecting, setRejecting] = useState<string>();
  const [reason, setReason] = useState('');
  const { submit } = useSubmit();

  const act = async (fn: () => Promise<unknown>, ok: string) => {
    await submit(async () => {
      await fn();
      toastSuccess(ok);
      setSelected([]);
      setRejecting(undefined);
      setReason('');
      await reload();
    });
  };
  const batch = async () => {
    await submit(async () => {
      const out = await call('membership.approveBatch', { unionId, applicationIds: selected });
      // said before the list reloads: a list left empty shows no dialog
      if (out.failed.length)
        await confirm(batchApprovedNotice({ approved: out.approved.length, failed: out.failed.map((f) => f.message) }));
      else toastSuccess(`已通过 ${out.approved.length} 人`);
      setSelected([]);
      await reload();
    });
  };

  if (!data) return <Skeleton rows={4} animated />;
  if (data.applications.length === 0)
    return <EmptyState title='暂无待审核的入会申请' description='职工通过邀请提交的申请会出现在这里' />;
  const all = data.applications.filter((a) => !a.needsUnion).map((a) => a.id);
  return (
    <View>
      {dialog}
      <View className='manage-bar'>
        {all.length ? (
          <Text onClick={() => setSelected(selected.length === all.length ? [] : all)}>
            {selected.length === all.length ? '取消全选' : '全选'}
          </Text>
        ) : (
          <Text />
        )}
        <Text className='muted'>待审核 {data.total} 人</Text>
        <Button size='small' type='primary' disabled={selected.length === 0 || loading} onClick={() => void batch()}>
          批量通过{selected.length ? `（${selected.length}）` : ''}
        </Button>
      </View>
      {data.applications.map((a: ApplicationView) => (
        <View key={a.id} className='card app-row'>
          <View
            className='app-row__head'
            onClick={() =>
              !a.needsUnion && setSelected(selected.includes(a.id) ? selected.filter((x) => x !== a.id) : [...selected, a.id])
            }
          >
            {a.needsUnion ? null : (
              <Text className={`app-row__box ${selected.includes(a.id) ? 'app-row__box--on' : ''}`}>
                {selected.includes(a.id) ? '✓' : ''}
              </Text>
            )}
            <Text className='app-row__name'>{a.name}</Text>
            <Text className={`app-row__match app-row__match--${a.match}`}>{matchKindNames[a.match]}</Text>
            {a.kind === 'transfer' ? <Text className='app-row__match'>转会</Text> : null}
          </View>
          <Text className='app-row__line muted'>
            手机 {a.phoneMasked ?? '—'} · 身份证 {a.idMasked ?? '—'}
            {a.employeeNo ? ` · 工号 ${a.employeeNo}` : ''}
          </Text>
          {a.employer ? <Text className='app-row__line'>单位：{a.employer}</Text> : null}
          {a.fromUnion ? <Text className='app-row__line'>转出：{a.fromUnion.shortName}</Text> : null}
          <Text className='app-row__line muted'>申请时间 {formatDate(a.createdAt)}</Text>
          {a.needsUnion ? (
            <Picker
              mode='selector'
              range={grassroots.map((g) => g.name)}
              value={Math.max(
                0,
                grassroots.findIndex((g) => g.id === placeIn[a.id]),
              )}
              onChange={(e) => setPlaceIn((old) => ({ ...old, [a.id]: grassroots[Number(e.detail.value)]?.id ?? '' }))}
            >
              <View className='app-row__place'>
                <Text>加入工会</Text>
                <Text className={`app-row__place-name ${placeIn[a.id] ? '' : 'muted'}`}>
                  {grassroots.find((g) => g.id === placeIn[a.id])?.name ?? '请选择所辖基层工会 ›'}
                </Text>
              </View>
            </Picker>
          ) : null}
          {rejecting === a.id ? (
            <View className='app-row__reject'>
              <Textarea
                className='app-row__reason'
                placeholder='驳回原因（申请人可见）'
                value={reason}
                onInput={(e) => setReason(e.detail.value)}
                maxlength={200}
              />
              <View className='app-row__actions'>
                <Button size='small' onClick={() => setRejecting(undefined)}>
                  取消
                </Button>
                <Button
                  size='small'
                  type='danger'
                  onClick={() => void act(() => call('membership.reject', { applicationId: a.id, reason }), '已驳回')}
                >
                  确认驳回
                </Button>
              </View>
            </View>
          ) : (
            <View className='app-row__actions'>
              <Button size='small' onClick={() => setRejecting(a.id)}>
                驳回
              </Button>
              <Button
                size='small'
                type='primary'
                disabled={a.needsUnion && !placeIn[a.id]}
                onClick={() =>
                  void act(
                    () =>
                      call('membership.approve', {
                        applicationId: a.id,
                        ...(a.needsUnion ? { assignUnionId: placeIn[a.id] } : {}),
                      }),
                    '已通过',
                  )
                }
              >
                通过
              </Button>
            </View>
          )}
        </View>
      ))}
    </View>
  );
}

function Invites({ unionId, unionName }: { unionId: string; unionName: string }) {
  const { data, reload } = useAction('membership.listInvites', { unionId });
  const [days, setDays] = useState('7');
  const [maxUses, setMaxUses] = useState('');
  const [autoApprove, setAutoApprove] = useState(true);
  const [groupOnly, setGroupOnly] = useState(false);
  const [note, setNote] = useState('');
  const [qr, setQr] = useState<Record<string, string>>({});
  const [poster, setPoster] = useState<Record<string, string>>({});
  const { confirm, dialog } = useConfirm();
  const { submit } = useSubmit();

  const create = async () => {
    await submit(async () => {
      await call('membership.createInvite', {
        unionId,
        expiresInDays: Number(days) || 7,
        maxUses: maxUses ? Number(maxUses) : null,
        autoApprove,
        groupOnly,
        note: note || undefined,
      });
      toastSuccess('邀请已创建');
      await reload();
    });
  };
  const h5Link = (inv: InviteView) =>
    process.env.TARO_ENV === 'h5' ? `${window.location.origin}${window.location.pathname}${inv.h5Path}` : '';
  const showQr = async (inv: InviteView) => {
    await submit(async () => {
      const out = await call('membership.inviteQr', { inviteId: inv.id, link: h5Link(inv) });
      setQr((old) => ({ ...old, [inv.id]: out.dataUrl }));
    });
  };
  /** 海报: the mini-program code whose scene leads to this invite (membership.invitePoster), to print or post. */
  const showPoster = async (inv: InviteView) => {
    await submit(async () => {
      const out = await call('membership.invitePoster', { inviteId: inv.id });
      setPoster((old) => ({ ...old, [inv.id]: out.dataUrl }));
    });
  };
  const revoke = async (inv: InviteView) => {
    if (!(await confirm(revokeInviteConfirmation({ note: inv.note, used: inv.usedCount })))) return;
    await submit(async () => {
      await call('membership.revokeInvite', { inviteId: inv.id });
      await reload();
    });
  };

  return (
    <View>
      {dialog}
      <View className='card invite-form'>
        <Text className='invite-form__title'>新建入会邀请</Text>
        <View className='invite-form__row'>
          <Text>有效天数</Text>
          <Input className='invite-form__input' type='number' value={days} onInput={(e) => setDays(e.detail.value)} />
        </View>
        <View className='invite-form__row'>
          <Text>最多人数</Text>
          <Input
            className='invite-form__input'
            type='number'
            placeholder='不限'
            value={maxUses}
            onInput={(e) => setMaxUses(e.detail.value)}
          />
        </View>
        <View className='invite-form__row'>
          <Text>花名册匹配自动通过</Text>
          <Switch checked={autoApprove} color={currentTheme()} onChange={(e) => setAutoApprove(e.detail.value)} />
        </View>
        <View className='invite-form__row'>
          <Text>仅限分享到的企业微信群</Text>
          <Switch
            className='invite-form__group-only'
            checked={groupOnly}
            color={currentTheme()}
            onChange={(e) => setGroupOnly(e.detail.value)}
          />
        </View>
        {groupOnly ? (
          <Text className='muted invite-form__hint'>
            以私密消息分享到群：只有该群成员能打开，不能转发；第一位入会的成员所在的群即为本邀请的群
            {process.env.TARO_ENV === 'h5' ? '。请在企业微信小程序的「会员管理」中分享此邀请' : ''}
          </Text>
        ) : null}
        <View className='invite-form__row'>
          <Text>备注</Text>
          <Input
            className='invite-form__input'
            placeholder='如：2025 年新员工群'
            value={note}
            onInput={(e) => setNote(e.detail.value)}
            maxlength={60}
          />
        </View>
        <Button type='primary' block onClick={() => void create()}>
          创建邀请
        </Button>
      </View>
      {!data ? <Skeleton rows={3} animated /> : null}
      {data?.invites.map((inv) => (
        <View key={inv.id} className={`card invite-row ${inv.active ? '' : 'invite-row--off'}`}>
          <View className='invite-row__head'>
            <Text className='invite-row__note'>{inv.note || '入会邀请'}</Text>
            <Text className='muted'>{inv.revoked ? '已撤回' : inv.active ? '有效' : '已失效'}</Text>
          </View>
          <Text className='muted invite-row__line'>
            {formatDate(inv.expiresAt)} 到期 · {inv.autoApprove ? '匹配自动通过' : '人工审核'}
            {inv.groupOnly ? (inv.groupBound ? ' · 仅限本群（已绑定群）' : ' · 仅限本群') : ''} · 已用 {inv.usedCount}
            {inv.maxUses ? `/${inv.maxUses}` : ''}
          </Text>
          <Text className='invite-row__line'>
            已入会 {inv.joinedCount} 人 · 待审核 {inv.pendingCount} 人
          </Text>
          {process.env.TARO_ENV === 'h5' ? (
            <Text className='invite-row__link' selectable>
              {h5Link(inv)}
            </Text>
          ) : null}
          {qr[inv.id] ? <Image className='invite-row__qr' src={qr[inv.id]} mode='aspectFit' /> : null}
          {poster[inv.id] ? (
            <View className='invite-row__poster'>
              <Image className='invite-row__qr' src={poster[inv.id]} mode='aspectFit' />
              <Text className='muted'>微信扫码进入小程序入会</Text>
            </View>
          ) : null}
          {inv.active ? (
            <View className='invite-row__actions'>
              <Button size='small' onClick={() => void revoke(inv)}>
                撤回
              </Button>
              {process.env.TARO_ENV === 'h5' ? (
                <Button size='small' onClick={() => void showQr(inv)}>
                  二维码
                </Button>
              ) : null}
              {/* h5 in WeCom: WeCom's own chat picker sends the invite as a link card (a group-only one needs the mini-program) */}
              {canShareLink() && !inv.groupOnly ? (
                <Button
                  size='small'
                  className='invite-row__share-link'
                  onClick={() =>
                    void shareLink({
                      title: `邀请你加入${unionName}`,
                      desc: inv.note || '点开核验身份即可入会',
                      link: h5Link(inv),
                    }).then((sent) => sent && toastSuccess('已分享'))
                  }
                >
                  分享到群
                </Button>
              ) : null}
              <Button size='small' className='invite-row__poster-btn' onClick={() => void showPoster(inv)}>
                海报
              </Button>
              {process.env.TARO_ENV === 'weapp' ? (
                <NativeButton
                  className='invite-row__share'
                  size='mini'
                  openType='share'
                  data-code={inv.code}
                  onClick={() => void (inv.groupOnly && shareToOneGroup(inv.code))}
                >
                  分享到群
                </NativeButton>
              ) : null}
            </View>
          ) : null}
        </View>
      ))}
    </View>
  );
}

function Roster({ unionId }: { unionId: string }) {
  const [q, setQ] = useState('');
  const list = useAction('membership.listRoster', { unionId, q: q || undefined, pageSize: 50 });
  const [preview, setPreview] = useState<RosterPreview>();
  const [moreRows, setMoreRows] = useState<RosterPreview['rows']>([]);
  const [progress, setProgress] = useState<string>();
  const { submit } = useSubmit();

  const template = async () => {
    await submit(async () => {
      const t = await call('membership.rosterTemplate', { unionId });
      await saveTemplate(t.fileName, t.base64);
    });
  };
  const upload = async () => {
    let importId: string | undefined;
    try {
      const file = await pickRosterFile();
      if (!file) return;
      setPreview(undefined);
      setMoreRows([]);
      setProgress('正在上传…');
      ({ importId } = await call('membership.startRosterImport', { unionId, fileName: file.name, size: file.size }));
      const step = (ROSTER_CHUNK_BYTES / 3) * 4; // base64 characters per chunk
      for (let seq = 0, at = 0; at < file.base64.length; seq++, at += step) {
        setProgress(`正在上传 ${Math.min(100, Math.round((at / file.base64.length) * 100))}%`);
        await call('membership.uploadRosterChunk', { importId, seq, data: file.base64.slice(at, at + step) });
      }
      setProgress('正在逐行校验…');
      setPreview(await call('membership.previewRosterImport', { importId }));
    } catch (err) {
      // A refused or interrupted upload: drop what was sent (the raw file is the only place full ID numbers sit).
      if (importId) await call('membership.cancelRosterImport', { importId }).catch(() => undefined);
      toastError(err);
    } finally {
      setProgress(undefined);
    }
  };
  // Problem rows come first in the report; later pages of them on request.
  const invalidRows = [...(preview?.rows ?? []), ...moreRows].filter((r) => !r.valid);
  const loadMore = async () => {
    if (!preview) return;
    await submit(async () => {
      const page = Math.floor(invalidRows.length / ROSTER_REPORT_PAGE) + 1;
      const next = await call('membership.rosterImportRows', {
        importId: preview.importId,
        onlyInvalid: true,
        page,
        pageSize: ROSTER_REPORT_PAGE,
      });
      const known = new Set(invalidRows.map((r) => r.row));
      setMoreRows((old) => [...old, ...next.rows.filter((r) => !known.has(r.row))]);
    });
  };
  const confirm = async () => {
    if (!preview) return;
    await submit(async () => {
      const out = await call('membership.confirmRosterImport', { importId: preview.importId });
      toastSuccess(`已导入 ${out.inserted} 人`);
      setPreview(undefined);
      await list.reload();
    });
  };
  const cancel = async () => {
    if (preview) await call('membership.cancelRosterImport', { importId: preview.importId }).catch(() => undefined);
    setPreview(undefined);
  };

  return (
    <View>
      <View className='card roster-box'>
        <Text className='muted roster-box__hint'>
          支持 .xlsx / .csv，单个文件不超过 5 MB、20000 行。身份证号、手机号只保存加密摘要。
        </Text>
        <View className='roster-box__actions'>
          <Button size='small' onClick={() => void template()}>
            下载模板
          </Button>
          <Button size='small' type='primary' loading={!!progress} onClick={() => void upload()}>
            上传花名册
          </Button>
        </View>
        {progress ? <Text className='roster-box__progress'>{progress}</Text> : null}
      </View>
      {preview ? (
        <View className='card roster-preview'>
          <Text className='roster-preview__title'>{preview.fileName}</Text>
          <Text>
            共 {preview.total} 行：<Text className='ok'>可导入 {preview.valid}</Text> ·{' '}
            <Text className='bad'>有问题 {preview.invalid}</Text>
          </Text>
          {invalidRows.map((r) => (
            <View key={r.row} className='roster-preview__row'>
              <Text>
                第 {r.row} 行 {r.name}
              </Text>
              <Text className='bad'>{r.errors.join('；')}</Text>
            </View>
          ))}
          {preview.invalid > invalidRows.length ? (
            <Text className='roster-preview__more' onClick={() => void loadMore()}>
              已显示 {invalidRows.length} / {preview.invalid} 条问题行，查看更多
            </Text>
          ) : null}
          <View className='roster-box__actions'>
            <Button size='small' onClick={() => void cancel()}>
              取消
            </Button>
            <Button size='small' type='primary' disabled={preview.valid === 0} onClick={() => void confirm()}>
              确认导入 {preview.valid} 人
            </Button>
          </View>
        </View>
      ) : null}
      <View className='section'>
        <View className='section-title'>花名册（{list.data?.total ?? 0} 人）</View>
        <Input
          className='roster-search'
          placeholder='搜索姓名、工号或部门'
          value={q}
          onConfirm={(e) => setQ(e.detail.value)}
          confirmType='search'
        />
        <View className='card roster-list'>
          {list.data?.entries.map((e: RosterEntryView) => (
            <View key={e.id} className='roster-list__row'>
              <View>
                <Text>{e.name}</Text>
                <Text className='muted roster-list__meta'>
                  {[e.employeeNo, e.department, e.phoneMasked].filter(Boolean).join(' · ')}
                </Text>
              </View>
              <Text className={e.joined ? 'ok' : 'muted'}>{e.joined ? '已入会' : '未入会'}</Text>
            </View>
          ))}
        </View>
      </View>
    </View>
  );
}

function Verify() {
  const [code, setCode] = useState('');
  const [result, setResult] = useState<VerifyCardOutput>();
  const check = useCallback(async (value: string) => {
    setResult(undefined);
    try {
      setResult(await call('membership.verifyCard', { code: value }));
    } catch (err) {
      toastError(err);
    }
  }, []);
  useEffect(() => setResult(undefined), [code]);
  const scan = async () => {
    const value = await scanCode('会员证二维码内容');
    if (value) {
      setCode(value);
      await check(value);
    }
  };
  return (
    <View className='card verify-box'>
      {canScan() ? (
        <Button type='primary' block onClick={() => void scan()}>
          扫描会员证二维码
        </Button>
      ) : null}
      <Textarea
        className='verify-box__input'
        placeholder='或粘贴会员证二维码内容'
        value={code}
        onInput={(e) => setCode(e.detail.value)}
        maxlength={200}
      />
      <Button block disabled={!code} onClick={() => void check(code)}>
        核验
      </Button>
      {result ? (
        <View className={`verify-box__result ${result.valid ? 'verify-box__result--ok' : 'verify-box__result--bad'}`}>
          <Text className='verify-box__status'>{result.valid ? '✓ 有效会员' : `✕ ${membershipStatusName(result.status)}`}</Text>
          <Text>
            {result.name} · {result.memberNo}
          </Text>
          <Text>{result.union.name}</Text>
          <Text className='muted'>入会日期 {formatDate(result.joinedAt)}</Text>
        </View>
      ) : null}
    </View>
  );
}

export default withTheme(ManagePage);
