import { useEffect, useMemo, useState } from 'react';
import Taro, { useRouter } from '@tarojs/taro';
import { Input, Picker, Text, Textarea, View } from '@tarojs/components';
import { ApiCallError, call } from '@/api';
import type { AidCategory, AttachmentKind, AttachmentView, ClaimDetail, HospitalLevel, PlanView } from '@shared/contracts/aid';
import { aidCategories, aidCategoryNames, attachmentKindNames, hospitalLevelNames, hospitalLevels } from '@shared/contracts/aid';
import { BenefitInputError, calculateBenefit, yuan, type Breakdown } from '@shared/domain/aid/benefit';
import { Button, Skeleton } from '@/components/nutui';
import { toastError, toastSuccess } from '@/utils/toast';
import { AID_PAGES, fenToInput, parseYuan } from '../shared';
import { pickFile, UPLOAD_HINT } from '../file';
import { sendAttachment } from '../upload';
import { useSubmit } from '@/hooks/useSubmit';
import { useConfirm } from '@/components/ConfirmDialog';
import { submitClaimConfirmation } from '@shared/domain/confirmations';
import '../aid.scss';
import './index.scss';
import { withTheme } from '@/theme';

type TextField = 'hospital' | 'diagnosis' | 'bankName' | 'bankAccount' | 'totalCost' | 'insuranceCovered' | 'selfPaid';
const MONEY: TextField[] = ['totalCost', 'insuranceCovered', 'selfPaid'];

/** 申请互助金: the claim form, its materials, and the benefit the plan gives, line by line, before submitting. */
function ClaimForm() {
  const router = useRouter();
  const [claimId, setClaimId] = useState(router.params.id ?? '');
  const [plan, setPlan] = useState<PlanView>();
  const [personId, setPersonId] = useState('');
  const [claim, setClaim] = useState<ClaimDetail>();
  const [category, setCategory] = useState<AidCategory>('inpatient');
  const [level, setLevel] = useState<HospitalLevel>('3');
  const [admittedOn, setAdmittedOn] = useState('');
  const [dischargedOn, setDischargedOn] = useState('');
  const [text, setText] = useState<Record<TextField, string>>({
    hospital: '',
    diagnosis: '',
    bankName: '',
    bankAccount: '',
    totalCost: '',
    insuranceCovered: '',
    selfPaid: '',
  });
  const [attachments, setAttachments] = useState<AttachmentView[]>([]);
  const { busy, errors, setErrors, submit: run } = useSubmit();
  const { confirm, dialog } = useConfirm();

  useEffect(() => {
    void (async () => {
      try {
        const [home, { plans }] = await Promise.all([call('unions.home', {}), call('aid.plans', {})]);
        setPersonId(home.person.id);
        let planId = router.params.plan;
        if (claimId) {
          const c = await call('aid.claim', { claimId });
          setClaim(c);
          planId = c.planId;
          if (c.category) setCategory(c.category);
          if (c.hospitalLevel) setLevel(c.hospitalLevel);
          setAdmittedOn(c.admittedOn ?? '');
          setDischargedOn(c.dischargedOn ?? '');
          setText({
            hospital: c.hospital ?? '',
            diagnosis: c.diagnosis ?? '',
            bankName: c.bankName ?? '',
            bankAccount: '',
            totalCost: fenToInput(c.totalCostFen),
            insuranceCovered: fenToInput(c.insuranceCoveredFen),
            selfPaid: fenToInput(c.selfPaidFen),
          });
          setAttachments(c.attachments);
        }
        setPlan(plans.find((p) => p.id === planId) ?? plans.find((p) => p.enrolled));
      } catch (e) {
        toastError(e);
      }
    })();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, for the claim the page opened with; claimId changes on the first save and must not reload the form
  }, []);

  const amounts = useMemo(() => {
    const [t, i, s] = MONEY.map((f) => parseYuan(text[f]));
    return t === null || i === null || s === null ? null : { totalCostFen: t, insuranceCoveredFen: i, selfPaidFen: s };
  }, [text]);

  const estimate: Breakdown | string | null = useMemo(() => {
    if (!plan?.enrolled || !amounts) return null;
    try {
      // a returned claim is held to the rules it was first filed under
      return calculateBenefit(
        claim?.pinnedRules ?? plan.rules,
        { category, hospitalLevel: level, ...amounts },
        plan.enrolled.usedFen[category],
      );
    } catch (e) {
      return e instanceof BenefitInputError ? e.message : null;
    }
  }, [plan, claim, amounts, category, level]);

  const set = (f: TextField) => (e: { detail: { value: string } }) => {
    setText((old) => ({ ...old, [f]: e.detail.value }));
    setErrors((old) => ({ ...old, [f]: '' }));
  };

  const draftInput = () => {
    const money: Record<string, number> = {};
    const bad: Record<string, string> = {};
    for (const f of MONEY) {
      if (!text[f]) continue;
      const v = parseYuan(text[f]);
      if (v === null) bad[f] = '请输入金额（元），最多两位小数';
      else money[f] = v;
    }
    if (Object.keys(bad).length) {
      setErrors(bad);
      throw new ApiCallError({ code: 'INVALID_INPUT', message: '请检查金额', fields: bad });
    }
    return {
      ...(claimId ? { claimId } : {}),
      planId: plan!.id,
      category,
      hospitalLevel: level,
      ...(admittedOn ? { admittedOn } : {}),
      ...(dischargedOn ? { dischargedOn } : {}),
      ...(text.hospital.trim() ? { hospital: text.hospital } : {}),
      ...(text.diagnosis.trim() ? { diagnosis: text.diagnosis } : {}),
      ...(text.bankName.trim() ? { bankName: text.bankName } : {}),
      ...(text.bankAccount.trim() ? { bankAccount: text.bankAccount } : {}),
      ...money,
    };
  };

  const save = async (quiet = false): Promise<string | null> => {
    try {
      const c = await call('aid.saveDraft', draftInput());
      setClaimId(c.id);
      setClaim(c);
      if (!quiet) toastSuccess('草稿已保存');
      return c.id;
    } catch (e) {
      if (e instanceof ApiCallError && e.fields) setErrors(e.fields);
      toastError(e);
      return null;
    }
  };

  const upload = (kind: AttachmentKind) =>
    run(async () => {
      const id = claimId || (await save(true));
      if (!id) return;
      const picked = await pickFile(personId);
      if (!picked) return;
      const a = await sendAttachment(id, kind, picked);
      setAttachments((old) => [...old, a]);
    });

  const remove = async (a: AttachmentView) => {
    try {
      await call('aid.removeAttachment', { attachmentId: a.id });
      setAttachments((old) => old.filter((x) => x.id !== a.id));
    } catch (e) {
      toastError(e);
    }
  };

  const submit = () =>
    run(async () => {
      const id = await save(true);
      if (!id) return;
      const facts = submitClaimConfirmation({
        totalFen: parseYuan(text.totalCost),
        payableFen: estimate && typeof estimate !== 'string' ? estimate.payableFen : null,
        attachments: attachments.length,
      });
      if (!(await confirm(facts))) return;
      await call('aid.submit', { claimId: id });
      toastSuccess('已提交');
      setTimeout(() => void Taro.redirectTo({ url: `${AID_PAGES.detail}?id=${id}` }), 600);
    });

  if (!plan)
    return (
      <View className='page page-body'>
        <Skeleton rows={8} animated />
      </View>
    );
  const rules = claim?.pinnedRules ?? plan.rules;
  const enabled = aidCategories.filter((c) => rules.categories[c].enabled);
  const err = (f: string) => (errors[f] ? <Text className='aid-form__error'>{errors[f]}</Text> : null);
  const field = (f: TextField, label: string, placeholder: string, type: 'text' | 'digit' | 'number' = 'text') => (
    <View className='aid-form__row' key={f}>
      <Text className='aid-form__label'>{label}</Text>
      <View className='aid-form__input'>
        <Input
          className={`aid-form__input aid-input-${f}`}
          type={type}
          value={text[f]}
          placeholder={placeholder}
          onInput={set(f)}
        />
        {err(f)}
      </View>
    </View>
  );

  return (
    <View className='page aid-claim'>
      {dialog}
      <View className='page-body'>
        {claim?.returnReason ? (
          <View className='card aid-card aid-claim__returned'>
            <Text>工会退回：{claim.returnReason}</Text>
          </View>
        ) : null}
        <View className='card aid-card'>
          <Text className='section-title'>就医信息</Text>
          <View className='aid-form__row'>
            <Text className='aid-form__label'>类别</Text>
            <Picker
              mode='selector'
              range={enabled.map((c) => aidCategoryNames[c])}
              value={enabled.indexOf(category)}
              onChange={(e) => setCategory(enabled[Number(e.detail.value)])}
            >
              <Text className='aid-form__picker aid-pick-category'>{aidCategoryNames[category]}</Text>
            </Picker>
          </View>
          {field('hospital', '医院', '就诊医院全称')}
          <View className='aid-form__row'>
            <Text className='aid-form__label'>医院等级</Text>
            <Picker
              mode='selector'
              range={hospitalLevels.map((l) => hospitalLevelNames[l])}
              value={hospitalLevels.indexOf(level)}
              onChange={(e) => setLevel(hospitalLevels[Number(e.detail.value)])}
            >
              <Text className='aid-form__picker aid-pick-level'>{hospitalLevelNames[level]}</Text>
            </Picker>
          </View>
          <View className='aid-form__row'>
            <Text className='aid-form__label'>入院日期</Text>
            <Picker
              mode='date'
              value={admittedOn}
              start={`${plan.year}-01-01`}
              end={`${plan.year}-12-31`}
              onChange={(e) => setAdmittedOn(e.detail.value)}
            >
              <Text className={`aid-form__picker aid-pick-admitted ${admittedOn ? '' : 'aid-form__placeholder'}`}>
                {admittedOn || '请选择'}
              </Text>
            </Picker>
            {err('admittedOn')}
          </View>
          <View className='aid-form__row'>
            <Text className='aid-form__label'>出院日期</Text>
            <Picker
              mode='date'
              value={dischargedOn}
              start={admittedOn || `${plan.year}-01-01`}
              onChange={(e) => setDischargedOn(e.detail.value)}
            >
              <Text className={`aid-form__picker aid-pick-discharged ${dischargedOn ? '' : 'aid-form__placeholder'}`}>
                {dischargedOn || '请选择'}
              </Text>
            </Picker>
            {err('dischargedOn')}
          </View>
          <View className='aid-form__row'>
            <Text className='aid-form__label'>诊断</Text>
            <View className='aid-form__input'>
              <Textarea
                className='aid-form__input aid-input-diagnosis'
                autoHeight
                value={text.diagnosis}
                placeholder='出院诊断'
                onInput={set('diagnosis')}
              />
              {err('diagnosis')}
            </View>
          </View>
        </View>

        <View className='card aid-card'>
          <Text className='section-title'>费用（元）</Text>
          {field('totalCost', '医疗总费用', '如 12800.50', 'digit')}
          {field('insuranceCovered', '医保统筹支付', '结算单上的统筹支付', 'digit')}
          {field('selfPaid', '个人自付', '目录内个人负担部分', 'digit')}
          <Text className='muted aid-claim__hint'>总费用 − 医保统筹支付 − 个人自付 = 目录外自费，不在互助范围。</Text>
        </View>

        <View className='card aid-card aid-claim__estimate'>
          <Text className='section-title'>按计划规则可获互助金</Text>
          {!estimate ? <Text className='muted'>填写费用后显示计算过程</Text> : null}
          {typeof estimate === 'string' ? <Text className='aid-form__error'>{estimate}</Text> : null}
          {estimate && typeof estimate !== 'string' ? (
            <>
              {estimate.lines.slice(0, -1).map((l) => (
                <View
                  key={l.key}
                  className={`aid-breakdown__line ${l.op === '=' ? 'aid-breakdown__line--result' : ''} ${l.op === 'cap' ? 'aid-breakdown__line--cap' : ''}`}
                >
                  <Text>{l.label}</Text>
                  <Text>{yuan(l.amountFen)}</Text>
                </View>
              ))}
              <View className='aid-breakdown__total'>
                <Text>预计互助金</Text>
                <Text className='aid-claim__payable'>¥{yuan(estimate.payableFen)}</Text>
              </View>
              <Text className='muted'>
                {claim?.planVersion && claim.planVersion !== plan.version
                  ? `按首次提交时的第 ${claim.planVersion} 版规则计算。`
                  : ''}
                最终金额以工会审核时的年度剩余额度为准。
              </Text>
            </>
          ) : null}
        </View>

        <View className='card aid-card'>
          <Text className='section-title'>收款账户</Text>
          {field('bankName', '开户行', '如 中国工商银行星城支行')}
          {field(
            'bankAccount',
            '银行卡号',
            claim?.bankAccount ? `已保存 ${claim.bankAccount}，修改请重新输入` : '本人借记卡卡号',
            'number',
          )}
        </View>

        <View className='card aid-card'>
          <Text className='section-title'>材料</Text>
          {attachments.map((a) => (
            <View key={a.id} className='aid-row'>
              <View className='aid-row__main'>
                <Text className='aid-row__title'>
                  {attachmentKindNames[a.kind]} · {a.fileName}
                </Text>
                <Text className='aid-row__sub'>{Math.ceil(a.size / 1024)} KB</Text>
              </View>
              <Text className='aid-claim__remove' onClick={() => void remove(a)}>
                删除
              </Text>
            </View>
          ))}
          {err('attachments')}
          <Text className='muted aid-claim__hint'>{UPLOAD_HINT}</Text>
          <View className='aid-actions'>
            <Button
              size='small'
              fill='outline'
              loading={busy}
              className='aid-claim__upload-invoice'
              onClick={() => void upload('invoice')}
            >
              上传发票
            </Button>
            <Button
              size='small'
              fill='outline'
              loading={busy}
              className='aid-claim__upload-summary'
              onClick={() => void upload('discharge_summary')}
            >
              上传出院小结
            </Button>
          </View>
        </View>

        <View className='aid-actions aid-claim__footer'>
          <Button block fill='outline' onClick={() => void save()}>
            保存草稿
          </Button>
          <Button block type='primary' loading={busy} className='aid-claim__submit' onClick={() => void submit()}>
            提交申请
          </Button>
        </View>
      </View>
    </View>
  );
}

export default withTheme(ClaimForm);
