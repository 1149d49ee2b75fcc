import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { call } from '@/api';
import type { PlatformProblemView, WecomCorpView } from '@shared/contracts/signin';
import { useHome } from '@/hooks/useHome';
import { useAction } from '@/hooks/useAction';
import { useSubmit } from '@/hooks/useSubmit';
import { formatDateTime } from '@/utils/time';
import { toastSuccess } from '@/utils/toast';
import LoadError from '@/components/LoadError';
import { useConfirm } from '@/components/ConfirmDialog';
import { resolveProblemConfirmation } from '@shared/domain/confirmations';
import { Button } from '@/components/nutui';
import { withTheme } from '@/theme';
import './index.scss';
import { roleGate } from '@/components/RoleGate';

const platformNames = { wecom: '企业微信', wechat: '微信' } as const;

/**
 * 企业微信接入 (federation admins): the enterprises' WeCom corps the federation serves (上下游 agent id, or a corp's
 * own app secret, sealed on the server and never shown back) with the unions each signs in to, and the setup
 * problems the platforms reported (untrusted egress IP, wrong secret…), each marked 已处理 once fixed.
 */
function PlatformPage() {
  const home = useHome();
  const grant = home.data?.roles.find((r) => r.role === 'federation_admin');
  const unionId = grant?.unionId ?? '';
  const corps = useAction('unions.wecomCorps', { unionId }, { enabled: !!grant });
  const problems = useAction('unions.platformProblems', { unionId }, { enabled: !!grant });
  const tree = useAction('unions.tree', { unionId }, { enabled: !!grant });
  const [corpId, setCorpId] = useState('');
  const [name, setName] = useState('');
  const [agentId, setAgentId] = useState('');
  const [secret, setSecret] = useState('');
  const [unionIds, setUnionIds] = useState<string[]>([]);
  const { busy, errors, setErrors, submit } = useSubmit();
  const { confirm, dialog } = useConfirm();

  const gate = roleGate({
    className: 'page platform-page',
    ready: !!home.data,
    allowed: !!grant,
    title: '仅总工会管理员可使用',
    description: '企业微信接入由联合会管理员配置',
  });
  if (gate || !grant) return gate; // !grant: only to narrow its type; the gate has answered it
  if (corps.error) return <LoadError message={corps.error.message} onRetry={() => void corps.reload()} />;

  const grassroots = (tree.data?.nodes ?? []).filter((n) => n.level === 'grassroots');
  const unionName = (id: string) => tree.data?.nodes.find((n) => n.id === id)?.name ?? '';
  const edit = (c: WecomCorpView) => {
    setCorpId(c.corpId);
    setName(c.name);
    setAgentId(c.agentId ?? '');
    setSecret('');
    setUnionIds(c.unionIds);
    setErrors({});
  };
  const toggle = (id: string) => setUnionIds((old) => (old.includes(id) ? old.filter((u) => u !== id) : [...old, id]));

  const save = async () => {
    setErrors({});
    const out = await submit(() =>
      call('unions.saveWecomCorp', {
        unionId,
        corpId,
        name,
        unionIds,
        secret: secret || undefined,
        agentId: agentId || undefined,
      }),
    );
    if (!out) return;
    toastSuccess('已保存');
    setSecret('');
    await corps.reload();
  };

  const resolve = async (p: PlatformProblemView) => {
    const c = resolveProblemConfirmation({ platformName: platformNames[p.platform], account: p.account, errcode: p.errcode });
    if (!(await confirm(c))) return;
    const out = await submit(() => call('unions.resolvePlatformProblem', { unionId, problemId: p.id }));
    if (!out) return;
    toastSuccess('已处理');
    await problems.reload();
  };

  return (
    <View className='page platform-page'>
      {dialog}
      <View className='platform-page__union'>{grant.unionName}</View>
      <View className='page-body'>
        <View className='section'>
          <View className='section-title'>配置问题</View>
          <View className='card'>
            {(problems.data?.problems ?? []).length === 0 ? <Text className='muted problem-row'>暂无待处理的问题</Text> : null}
            {(problems.data?.problems ?? []).map((p) => (
              <View key={p.id} className='problem-row'>
                <View className='problem-row__head'>
                  <Text className='problem-row__name'>
                    {platformNames[p.platform]} {p.account} · 错误码 {p.errcode}
                  </Text>
                  <Text className='problem-row__action' onClick={() => void resolve(p)}>
                    已处理
                  </Text>
                </View>
                <Text>{p.hint}</Text>
                <Text className='muted'>
                  {p.api} · 最近 {formatDateTime(p.lastAt)} · 共 {p.times} 次
                </Text>
              </View>
            ))}
          </View>
        </View>

        <View className='section'>
          <View className='section-title'>已接入企业</View>
          <View className='card'>
            {(corps.data?.corps ?? []).length === 0 ? <Text className='muted corp-row'>尚未接入企业</Text> : null}
            {(corps.data?.corps ?? []).map((c) => (
              <View key={c.corpId} className='corp-row'>
                <View className='corp-row__head'>
                  <Text className='corp-row__name'>{c.name}</Text>
                  <Text className='corp-row__action' onClick={() => edit(c)}>
                    修改
                  </Text>
                </View>
                <Text className='muted'>
                  {c.corpId} · {c.agentId ? `上下游 AgentId ${c.agentId}` : c.hasSecret ? '企业自建应用（Secret 已保存）' : ''}
                </Text>
                <Text className='muted'>{c.unionIds.map(unionName).join('、')}</Text>
              </View>
            ))}
          </View>
        </View>

        <View className='section'>
          <View className='section-title'>接入或修改企业</View>
          <View className='card corp-form'>
            <Input
              className='corp-form__input'
              placeholder='企业 ID（ww 开头）'
              value={corpId}
              onInput={(e) => setCorpId(e.detail.value)}
            />
            {errors.corpId ? <Text className='corp-form__error'>{errors.corpId}</Text> : null}
            <Input className='corp-form__input' placeholder='企业名称' value={name} onInput={(e) => setName(e.detail.value)} />
            {errors.name ? <Text className='corp-form__error'>{errors.name}</Text> : null}
            <Input
              className='corp-form__input'
              placeholder='上下游应用 AgentId（通过联合会应用登录时填写）'
              value={agentId}
              onInput={(e) => setAgentId(e.detail.value)}
            />
            {errors.agentId ? <Text className='corp-form__error'>{errors.agentId}</Text> : null}
            <Input
              className='corp-form__input'
              password
              placeholder='企业自建应用 Secret（不修改请留空）'
              value={secret}
              onInput={(e) => setSecret(e.detail.value)}
            />
            {errors.secret ? <Text className='corp-form__error'>{errors.secret}</Text> : null}
            <View className='corp-form__unions'>
              {grassroots.map((u) => (
                <Text
                  key={u.id}
                  className={`corp-form__union ${unionIds.includes(u.id) ? 'corp-form__union--on' : ''}`}
                  onClick={() => toggle(u.id)}
                >
                  {u.name}
                </Text>
              ))}
            </View>
            {errors.unionIds ? <Text className='corp-form__error'>{errors.unionIds}</Text> : null}
            <Button type='primary' block shape='round' loading={busy} onClick={() => void save()}>
              保存
            </Button>
          </View>
        </View>
      </View>
    </View>
  );
}

export default withTheme(PlatformPage);
