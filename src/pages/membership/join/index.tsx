import { useEffect, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import { ApiCallError, call, ensureSignedIn, groupShareProof, session } from '@/api';
import type { InviteInfo, JoinOutput, MyMembershipOutput } from '@shared/contracts/membership';
import { joinInput } from '@shared/contracts/membership';
import { toValidationError } from '@shared/contracts';
import { Button, Skeleton } from '@/components/nutui';
import { useSubmit } from '@/hooks/useSubmit';
import { formatDate } from '@/utils/time';
import { themeOr, withTheme } from '@/theme';
import NextSteps from './next-steps';
import './index.scss';

type Field = 'name' | 'mobile' | 'idNumber' | 'employeeNo' | 'employer';

const CARD_PAGE = '/pages/membership/card/index';

/** May this page call signed-in actions yet? On weapp CloudBase always knows the caller. */
const canCallSignedIn = () => process.env.TARO_ENV === 'weapp' || !!session.get();

/**
 * 入会: opened from an invite card (?invite=<signed code>). Shows the inviting union, takes name,
 * mobile and ID number (or employee number); the server matches the rosters and either admits the
 * worker at once or files an application.
 */
function JoinPage() {
  const router = useRouter();
  const [inviteCode, setInviteCode] = useState(() => decodeURIComponent(router.params.invite ?? ''));
  // a poster's mini-program code opens the page with `scene` (i=…) instead of the invite code
  const scene = decodeURIComponent(router.params.scene ?? '');
  const [invite, setInvite] = useState<InviteInfo>();
  const [inviteError, setInviteError] = useState<string>();
  const [mine, setMine] = useState<MyMembershipOutput>();
  const [isOfficer, setIsOfficer] = useState(false);
  const [byEmployeeNo, setByEmployeeNo] = useState(false);
  const [form, setForm] = useState<Record<Field, string>>({ name: '', mobile: '', idNumber: '', employeeNo: '', employer: '' });
  const [noUnion, setNoUnion] = useState(false);
  const [needEmployer, setNeedEmployer] = useState(false);
  const { busy, errors, setErrors, submit: run } = useSubmit();
  const [result, setResult] = useState<JoinOutput>();

  useEffect(() => {
    if (inviteCode || !scene) return;
    call('membership.inviteByScene', { scene })
      .then((r) => setInviteCode(r.inviteCode))
      .catch((e) => setInviteError(e instanceof ApiCallError ? e.message : '邀请无法打开，请稍后重试'));
  }, [inviteCode, scene]);

  useEffect(() => {
    if (!inviteCode) return;
    call('membership.inviteInfo', { inviteCode })
      .then(setInvite)
      .catch((e) => setInviteError(e instanceof ApiCallError ? e.message : '邀请无法打开，请稍后重试'));
  }, [inviteCode]);

  const loadMine = () =>
    call('membership.myMembership', {})
      .then(setMine)
      .catch(() => undefined);
  useEffect(() => {
    if (!canCallSignedIn()) return;
    void loadMine();
    if (!inviteCode)
      call('unions.home', {})
        .then((home) =>
          setIsOfficer(
            home.roles.some((r) => ['chair', 'vice_chair', 'finance', 'service_staff', 'federation_admin'].includes(r.role)),
          ),
        )
        .catch(() => undefined);
  }, [inviteCode]);

  useEffect(() => {
    if (invite)
      void Taro.setNavigationBarColor({ frontColor: '#ffffff', backgroundColor: invite.union.themeColor }).catch(() => undefined);
  }, [invite]);

  const set = (f: Field) => (e: { detail: { value: string } }) => {
    setForm((old) => ({ ...old, [f]: e.detail.value }));
    setErrors((old) => ({ ...old, [f]: '' }));
  };

  const submit = async () => {
    if (!ensureSignedIn()) return;
    const input = {
      inviteCode,
      name: form.name,
      mobile: form.mobile,
      ...(byEmployeeNo ? { employeeNo: form.employeeNo || undefined } : { idNumber: form.idNumber || undefined }),
      ...(needEmployer ? { employer: form.employer || undefined, employerHasNoUnion: noUnion } : {}),
    };
    const parsed = joinInput.safeParse(input);
    if (!parsed.success) {
      const e = toValidationError(parsed.error);
      setErrors(e.fields ?? {});
      return;
    }
    // 仅限本群: the group card's proof, read on the phone just now (the server checks it with WeCom)
    const groupShare = invite?.groupOnly ? await groupShareProof() : undefined;
    if (groupShare === null) {
      void Taro.showToast({ title: '本邀请仅限群内成员，请在企业微信群中打开工会分享的邀请卡片', icon: 'none', duration: 3000 });
      return;
    }
    await run(async () => {
      const out = await call('membership.join', { ...input, ...(groupShare ? { groupShare } : {}) });
      if (out.outcome === 'mismatch') {
        // Not confirmed against the rosters: a worker who is on none applies with the employer. The employer
        // field is new to them: it appears with a hint, not red, until they have tried it.
        const firstAsk = Boolean(out.fields?.employer) && !needEmployer;
        if (out.fields?.employer) setNeedEmployer(true);
        setErrors(Object.fromEntries(Object.entries(out.fields ?? {}).filter(([f]) => !(firstAsk && f === 'employer'))));
        void Taro.showToast({ title: out.message, icon: 'none', duration: 3000 });
        return;
      }
      setResult(out);
      if (out.outcome === 'joined' || (out.outcome === 'already' && out.memberNo)) {
        void Taro.showToast({ title: out.message, icon: 'success' });
        setTimeout(() => void Taro.redirectTo({ url: CARD_PAGE }), 900);
      }
    });
  };

  const transfer = () =>
    run(async () => {
      const out = await call('membership.transfer', { inviteCode });
      setResult(out);
      void Taro.showToast({ title: out.message, icon: out.outcome === 'joined' ? 'success' : 'none' });
    });

  const theme = themeOr(invite?.union.themeColor);
  const fieldError = (f: string) => (errors[f] ? <Text className='join-form__error'>{errors[f]}</Text> : null);

  if (!inviteCode) {
    return (
      <View className='page join-page'>
        <View className='page-body'>
          <View className='card join-page__notice'>
            <Text className='join-page__title'>加入工会</Text>
            <Text className='muted'>请打开所在单位工会分享到群里的入会邀请卡片，或扫描工会提供的入会二维码。</Text>
            {mine?.card || mine?.pending ? (
              <Button type='primary' block onClick={() => void Taro.navigateTo({ url: CARD_PAGE })}>
                {mine.card ? '查看我的电子会员证' : '查看申请进度'}
              </Button>
            ) : null}
            {isOfficer ? (
              <Button block onClick={() => void Taro.navigateTo({ url: '/pages/membership/manage/index' })}>
                会员管理（审核、邀请、花名册、会员证核验）
              </Button>
            ) : null}
          </View>
        </View>
      </View>
    );
  }

  return (
    <View className='page join-page' style={{ ['--union-theme' as string]: theme }}>
      <View className='join-page__hero' style={{ background: theme }}>
        {invite ? (
          <>
            <Text className='join-page__invited'>邀请您加入</Text>
            <Text className='join-page__union'>{invite.union.name}</Text>
            <Text className='join-page__hint'>
              {invite.autoApprove ? '已在单位花名册中的职工核验后即可入会' : '提交后由工会审核'}
              {invite.groupOnly ? '；仅限本群成员' : ''}
            </Text>
          </>
        ) : inviteError ? (
          <Text className='join-page__union'>{inviteError}</Text>
        ) : (
          <Skeleton rows={2} animated />
        )}
      </View>

      <View className='page-body'>
        {invite && !invite.valid ? <View className='card join-page__notice'>{invite.reason}</View> : null}

        {result && result.outcome !== 'mismatch' ? (
          <View className='card join-page__result'>
            <Text className='join-page__title'>
              {result.outcome === 'pending' || (result.outcome === 'already' && !result.memberNo) ? '申请已提交' : '欢迎入会'}
            </Text>
            <Text>{result.message}</Text>
            {result.memberNo ? <Text className='join-page__member-no'>会员号 {result.memberNo}</Text> : null}
            <Button type='primary' block onClick={() => void Taro.redirectTo({ url: CARD_PAGE })}>
              {result.memberNo ? '查看电子会员证' : '查看申请进度'}
            </Button>
            {!result.memberNo && result.applicationId ? (
              <NextSteps
                applicationId={result.applicationId}
                unionName={result.union?.shortName ?? invite?.union.shortName ?? '工会'}
                onRoster={result.match !== 'none'}
                onWithdrawn={() => {
                  setResult(undefined);
                  void loadMine();
                }}
              />
            ) : null}
          </View>
        ) : mine?.card && mine.card.union.id !== invite?.union.id ? (
          <View className='card join-page__notice'>
            <Text>
              您已是「{mine.card.union.shortName}」会员。如已调到新单位，可申请转会到「{invite?.union.shortName}
              」，原会员关系保留为历史记录。
            </Text>
            <Button type='primary' block loading={busy} disabled={!invite?.valid} onClick={() => void transfer()}>
              申请转会
            </Button>
          </View>
        ) : mine?.pending && !mine.card ? (
          <View className='card join-page__notice'>
            <Text className='join-page__title'>申请审核中</Text>
            <Text>
              您申请加入「{mine.pending.union.shortName}」，提交于 {formatDate(mine.pending.createdAt)}，请耐心等待工会审核。
            </Text>
            <Button type='primary' block onClick={() => void Taro.redirectTo({ url: CARD_PAGE })}>
              查看申请进度
            </Button>
            <NextSteps
              applicationId={mine.pending.id}
              unionName={mine.pending.union.shortName}
              onRoster={mine.pending.match !== 'none'}
              onWithdrawn={() => void loadMine()}
            />
          </View>
        ) : mine?.card ? (
          <View className='card join-page__notice'>
            <Text>您已是本会会员。</Text>
            <Button type='primary' block onClick={() => void Taro.redirectTo({ url: CARD_PAGE })}>
              查看电子会员证
            </Button>
          </View>
        ) : (
          <View className='card join-form'>
            <Text className='join-page__title'>填写身份信息</Text>
            <View className='join-form__row'>
              <Text className='join-form__label'>姓名</Text>
              <Input
                className='join-form__input'
                placeholder='与身份证一致'
                value={form.name}
                onInput={set('name')}
                maxlength={40}
              />
            </View>
            {fieldError('name')}
            <View className='join-form__row'>
              <Text className='join-form__label'>手机号</Text>
              <Input
                className='join-form__input'
                type='number'
                placeholder='11 位手机号'
                value={form.mobile}
                onInput={set('mobile')}
                maxlength={11}
              />
            </View>
            {fieldError('mobile')}
            {byEmployeeNo ? (
              <View className='join-form__row'>
                <Text className='join-form__label'>工号</Text>
                <Input
                  className='join-form__input'
                  placeholder='单位工号'
                  value={form.employeeNo}
                  onInput={set('employeeNo')}
                  maxlength={32}
                />
              </View>
            ) : (
              <View className='join-form__row'>
                <Text className='join-form__label'>身份证号</Text>
                <Input
                  className='join-form__input'
                  type='idcard'
                  placeholder='18 位身份证号'
                  value={form.idNumber}
                  onInput={set('idNumber')}
                  maxlength={18}
                />
              </View>
            )}
            {fieldError('idNumber')}
            {fieldError('employeeNo')}
            <Text className='join-form__switch' onClick={() => setByEmployeeNo(!byEmployeeNo)}>
              {byEmployeeNo ? '改用身份证号核验' : '没有身份证号？使用工号核验'}
            </Text>
            {needEmployer ? (
              <>
                <View className='join-form__row'>
                  <Text className='join-form__label'>工作单位</Text>
                  <Input
                    className='join-form__input'
                    placeholder='单位全称'
                    value={form.employer}
                    onInput={set('employer')}
                    maxlength={100}
                  />
                </View>
                {fieldError('employer') ?? (
                  <Text className='join-form__hint'>您不在单位花名册中，填写工作单位后由工会人工核实。</Text>
                )}
                <View className='join-form__check' onClick={() => setNoUnion(!noUnion)}>
                  <Text className={`join-form__box ${noUnion ? 'join-form__box--on' : ''}`}>{noUnion ? '✓' : ''}</Text>
                  <Text>我的单位还没有成立工会（由区总工会受理）</Text>
                </View>
              </>
            ) : null}
            <Text className='join-form__privacy muted'>
              身份证号、手机号仅用于与工会花名册核对，以加密摘要保存，不会完整显示。
            </Text>
            {invite?.groupOnly && process.env.TARO_ENV === 'h5' ? (
              <Text className='join-form__hint join-group-only'>
                本邀请仅限企业微信群内成员：请在企业微信中打开群聊里工会分享的邀请卡片入会。
              </Text>
            ) : null}
            <Button
              className='join-submit'
              type='primary'
              block
              loading={busy}
              disabled={!invite?.valid || (invite.groupOnly && process.env.TARO_ENV === 'h5')}
              onClick={() => void submit()}
            >
              {needEmployer ? '提交入会申请' : '核验并入会'}
            </Button>
          </View>
        )}
      </View>
    </View>
  );
}

export default withTheme(JoinPage);
