import { useEffect, useMemo, useState } from 'react';
import Taro from '@tarojs/taro';
import { Input, Picker, Switch, Text, Textarea, View } from '@tarojs/components';
import { call } from '@/api';
import { useAction } from '@/hooks/useAction';
import { useSignedIn } from '@/hooks/useSignedIn';
import LoadError from '@/components/LoadError';
import EmptyState from '@/components/EmptyState';
import { Button, Skeleton } from '@/components/nutui';
import { toastSuccess } from '@/utils/toast';
import { addDays, formatDayWithWeekday, shanghaiDate } from '@/utils/time';
import type { ActionInput } from '@shared/contracts';
import {
  checkDifferential,
  defaultCongressSettings as defaults,
  scrutineerRoleNames,
  type MemberChoice,
  type ScrutineerRole,
  type ThresholdBase,
} from '@shared/contracts/congress';
import { useSubmit } from '@/hooks/useSubmit';
import '../congress.scss';
import { withTheme } from '@/theme';

type Doc = { title: string; url: string; body: string };
type Cand = { name: string; cv: string; photoUrl: string };
type Item = { kind: 'resolution' | 'election'; title: string; description: string; seats: string; candidates: Cand[] };

const blankCand = (): Cand => ({ name: '', cv: '', photoUrl: '' });
const blankItem = (kind: Item['kind']): Item => ({
  kind,
  title: '',
  description: '',
  seats: '1',
  candidates: kind === 'election' ? [blankCand(), blankCand()] : [],
});

/** The server's field errors for `key` and anything under it (e.g. `agenda.0` shows `agenda.0.title`). */
function FieldError({ errors, at, exact }: { errors: Record<string, string>; at: string; exact?: boolean }) {
  const msgs = Object.entries(errors)
    .filter(([k]) => k === at || (!exact && k.startsWith(`${at}.`)))
    .map(([, m]) => m);
  return msgs.length ? (
    <Text className='cg-field-error' data-field={at}>
      {msgs.join('；')}
    </Text>
  ) : null;
}

/** 发起职代会: one form for the congress, its documents, agenda (resolutions and elections), delegates and scrutineers. */
function CreateCongressPage() {
  const signedIn = useSignedIn();
  const home = useAction('unions.home', {}, { enabled: signedIn });
  const unionId = home.data?.roles.find((r) => r.role === 'chair' || r.role === 'vice_chair')?.unionId ?? '';
  const choices = useAction('congress.memberChoices', { unionId }, { enabled: Boolean(unionId) });

  const [title, setTitle] = useState('');
  const [date, setDate] = useState('');
  const [time, setTime] = useState('09:30');
  const [place, setPlace] = useState('');
  const [online, setOnline] = useState(true);
  const [streamUrl, setStreamUrl] = useState('');
  const [docs, setDocs] = useState<Doc[]>([]);
  const [agenda, setAgenda] = useState<Item[]>([blankItem('resolution')]);
  const [delegates, setDelegates] = useState<Set<string>>(new Set());
  const [scrutineers, setScrutineers] = useState<Record<string, ScrutineerRole>>({});
  const [filter, setFilter] = useState('');
  // vote settings, pre-filled with the union election rules' defaults (congress-rules.ts)
  const [quorumNum, setQuorumNum] = useState(String(defaults.quorumNum));
  const [quorumDen, setQuorumDen] = useState(String(defaults.quorumDen));
  const [thresholdBase, setThresholdBase] = useState<ThresholdBase>(defaults.thresholdBase);
  const [ratioPct, setRatioPct] = useState(String(defaults.differentialRatioPct));
  const [delegatesSeeLiveCount, setDelegatesSeeLiveCount] = useState(defaults.delegatesSeeLiveCount);
  const { busy, errors, setErrors, submit: run } = useSubmit();

  useEffect(() => {
    if (!date) setDate(addDays(shanghaiDate(), 7));
  }, [date]);

  const members: MemberChoice[] = useMemo(() => choices.data?.members ?? [], [choices.data]);
  const shown = useMemo(
    () => members.filter((m) => !filter || m.name.includes(filter) || m.memberNo.includes(filter)),
    [members, filter],
  );

  if (home.error) return <LoadError message={home.error.message} onRetry={() => void home.reload()} />;
  if (home.data && !unionId) return <EmptyState title='只有工会主席、副主席可以发起职代会' />;
  if (choices.error) return <LoadError message={choices.error.message} onRetry={() => void choices.reload()} />;
  if (!choices.data)
    return (
      <View className='congress-page'>
        <Skeleton rows={8} animated />
      </View>
    );

  const setItem = (i: number, patch: Partial<Item>) => setAgenda(agenda.map((a, j) => (j === i ? { ...a, ...patch } : a)));
  const setCand = (i: number, k: number, patch: Partial<Cand>) =>
    setItem(i, { candidates: agenda[i].candidates.map((c, j) => (j === k ? { ...c, ...patch } : c)) });
  const toggleDelegate = (id: string) => {
    const next = new Set(delegates);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setDelegates(next);
  };
  const cycleScrutineer = (id: string) => {
    const order: (ScrutineerRole | undefined)[] = [undefined, 'monitor', 'counter'];
    const nextRole = order[(order.indexOf(scrutineers[id]) + 1) % order.length];
    const next = { ...scrutineers };
    if (nextRole) next[id] = nextRole;
    else delete next[id];
    setScrutineers(next);
  };

  const input = (): ActionInput<'congress.create'> => ({
    unionId,
    title,
    startsAt: date && time ? `${date}T${time}:00+08:00` : '',
    place: place.trim() || null,
    online,
    streamUrl: streamUrl.trim() || null,
    documents: docs.map((d) => ({ title: d.title, url: d.url.trim() || null, body: d.body })),
    delegates: [...delegates],
    scrutineers: Object.entries(scrutineers).map(([personId, role]) => ({ personId, role })),
    settings: {
      quorumNum: Number(quorumNum),
      quorumDen: Number(quorumDen),
      thresholdBase,
      differentialRatioPct: Number(ratioPct),
      delegatesSeeLiveCount,
    },
    agenda: agenda.map((a) =>
      a.kind === 'resolution'
        ? { kind: 'resolution' as const, title: a.title, description: a.description }
        : {
            kind: 'election' as const,
            title: a.title,
            description: a.description,
            seats: Number(a.seats),
            candidates: a.candidates.map((c) => ({
              name: c.name,
              cv: c.cv,
              ...(c.photoUrl.trim() ? { photoUrl: c.photoUrl.trim() } : {}),
            })),
          },
    ),
  });

  const submit = () =>
    run(async () => {
      setErrors({});
      const { congressId } = await call('congress.create', input());
      toastSuccess('职代会已创建');
      void Taro.redirectTo({ url: `/pages/congress/detail/index?id=${congressId}` });
    });

  return (
    <View className='congress-page cg-create'>
      <View className='cg-card'>
        <Text className='cg-card__title'>会议信息</Text>
        <Text className='cg-label'>会议名称</Text>
        <Input
          className='cg-input cg-create-title'
          value={title}
          placeholder='如：第三届职工代表大会第二次会议'
          onInput={(e) => setTitle(e.detail.value)}
        />
        <FieldError errors={errors} at='title' />
        <Text className='cg-label'>开始时间（北京时间）</Text>
        <View className='cg-row cg-when'>
          <Picker mode='date' value={date} start={shanghaiDate()} onChange={(e) => setDate(String(e.detail.value))}>
            <View className='cg-input cg-picker cg-create-date'>
              <Text className={date ? '' : 'cg-muted'}>{date ? formatDayWithWeekday(date) : '选择日期'}</Text>
              <Text className='cg-picker__chevron'>›</Text>
            </View>
          </Picker>
          <Picker mode='time' value={time || '09:00'} onChange={(e) => setTime(String(e.detail.value))}>
            <View className='cg-input cg-picker cg-create-time'>
              <Text className={time ? '' : 'cg-muted'}>{time || '选择时间'}</Text>
              <Text className='cg-picker__chevron'>›</Text>
            </View>
          </Picker>
        </View>
        <FieldError errors={errors} at='startsAt' />
        <Text className='cg-label'>会议地点（可不填）</Text>
        <Input
          className='cg-input cg-create-place'
          value={place}
          placeholder='如：公司二楼大会议室'
          onInput={(e) => setPlace(e.detail.value)}
        />
        <FieldError errors={errors} at='place' />
        <View className='cg-row'>
          <Text className='cg-label'>线上参会（直播）</Text>
          <Switch checked={online} onChange={(e) => setOnline(e.detail.value)} />
        </View>
        {online ? (
          <>
            <Input
              className='cg-input cg-create-stream'
              value={streamUrl}
              placeholder='直播地址 https://…'
              onInput={(e) => setStreamUrl(e.detail.value)}
            />
            <FieldError errors={errors} at='streamUrl' />
          </>
        ) : null}
      </View>

      <View className='cg-card'>
        <Text className='cg-card__title'>会议文件</Text>
        {docs.map((d, i) => (
          <View key={i} className='cg-subcard'>
            <Input
              className='cg-input'
              value={d.title}
              placeholder={`文件${i + 1}标题`}
              onInput={(e) => setDocs(docs.map((x, j) => (j === i ? { ...x, title: e.detail.value } : x)))}
            />
            <Input
              className='cg-input'
              value={d.url}
              placeholder='链接（可不填）'
              onInput={(e) => setDocs(docs.map((x, j) => (j === i ? { ...x, url: e.detail.value } : x)))}
            />
            <Textarea
              className='cg-input'
              autoHeight
              value={d.body}
              placeholder='正文（可不填）'
              onInput={(e) => setDocs(docs.map((x, j) => (j === i ? { ...x, body: e.detail.value } : x)))}
            />
            <FieldError errors={errors} at={`documents.${i}`} />
            <Text className='cg-link' onClick={() => setDocs(docs.filter((_, j) => j !== i))}>
              删除此文件
            </Text>
          </View>
        ))}
        <FieldError errors={errors} at='documents' exact />
        <Button fill='outline' onClick={() => setDocs([...docs, { title: '', url: '', body: '' }])}>
          添加文件
        </Button>
      </View>

      <View className='cg-card cg-settings'>
        <Text className='cg-card__title'>表决规则</Text>
        <Text className='cg-muted'>已按工会选举规定的默认值填好，本单位规则不同时再修改。</Text>
        <View className='cg-row'>
          <Text className='cg-label'>法定人数：签到超过应到代表的</Text>
          <View className='cg-fraction'>
            <Input
              className='cg-input cg-quorum-num'
              type='number'
              value={quorumNum}
              onInput={(e) => setQuorumNum(e.detail.value)}
            />
            <Text className='cg-label'>/</Text>
            <Input
              className='cg-input cg-quorum-den'
              type='number'
              value={quorumDen}
              onInput={(e) => setQuorumDen(e.detail.value)}
            />
          </View>
        </View>
        <Text className='cg-muted'>
          默认 2/3：到会代表须超过应到人数的三分之二，才能开始表决（《工会基层组织选举工作条例》）。
        </Text>
        <FieldError errors={errors} at='settings.quorumNum' />
        <FieldError errors={errors} at='settings.quorumDen' />
        <FieldError errors={errors} at='settings' exact />
        <View className='cg-row'>
          <Text className='cg-label'>过半数按</Text>
          <View className='cg-marks'>
            {(['entitled', 'present'] as const).map((b) => (
              <Text
                key={b}
                className={`cg-mark cg-threshold-${b} ${thresholdBase === b ? 'cg-mark--on' : ''}`}
                onClick={() => setThresholdBase(b)}
              >
                {b === 'entitled' ? '应到会代表' : '实到会代表'}
              </Text>
            ))}
          </View>
        </View>
        <Text className='cg-muted'>默认按应到会：赞成票须超过应到会代表的半数才通过或当选（《企业民主管理规定》第二十条）。</Text>
        <FieldError errors={errors} at='settings.thresholdBase' />
        <View className='cg-row'>
          <Text className='cg-label'>差额比例（%）</Text>
          <Input className='cg-input cg-ratio' type='digit' value={ratioPct} onInput={(e) => setRatioPct(e.detail.value)} />
        </View>
        <Text className='cg-muted'>
          默认 5%：选举的候选人须多于应选名额，多出的人数至少为名额的该比例（向上取整，至少 1 名）。
        </Text>
        <FieldError errors={errors} at='settings.differentialRatioPct' />
        <View className='cg-row'>
          <Text className='cg-label'>代表可见实时计票</Text>
          <Switch
            className='cg-live-switch'
            checked={delegatesSeeLiveCount}
            onChange={(e) => setDelegatesSeeLiveCount(e.detail.value)}
          />
        </View>
        <Text className='cg-muted'>默认关闭：投票结束前代表只看到投票人数；主持人和监票人、计票人始终看到实时计票。</Text>
      </View>

      <View className='cg-card'>
        <Text className='cg-card__title'>议程（按顺序表决）</Text>
        {agenda.map((a, i) => {
          const diff =
            a.kind === 'election' ? checkDifferential(a.candidates.length, Number(a.seats) || 0, Number(ratioPct) || 0) : null;
          return (
            <View key={i} className={`cg-subcard cg-create-item-${i}`}>
              <View className='cg-row'>
                <Text className='cg-card__title'>第 {i + 1} 项</Text>
                <View className='cg-marks'>
                  {(['resolution', 'election'] as const).map((k) => (
                    <Text
                      key={k}
                      className={`cg-mark ${a.kind === k ? 'cg-mark--on' : ''}`}
                      onClick={() => setItem(i, blankItem(k))}
                    >
                      {k === 'resolution' ? '表决' : '选举'}
                    </Text>
                  ))}
                </View>
              </View>
              <Input
                className='cg-input cg-item-title'
                value={a.title}
                placeholder={a.kind === 'resolution' ? '如：审议通过《集体合同（草案）》' : '如：选举工会委员会委员'}
                onInput={(e) => setItem(i, { title: e.detail.value })}
              />
              <Textarea
                className='cg-input'
                autoHeight
                value={a.description}
                placeholder='说明（可不填）'
                onInput={(e) => setItem(i, { description: e.detail.value })}
              />
              {a.kind === 'election' ? (
                <>
                  <View className='cg-row'>
                    <Text className='cg-label'>应选名额</Text>
                    <Input
                      className='cg-input cg-item-seats'
                      type='number'
                      value={a.seats}
                      onInput={(e) => setItem(i, { seats: e.detail.value })}
                    />
                  </View>
                  {diff && !diff.ok ? (
                    <Text className='cg-muted'>
                      差额选举：候选人至少 {diff.minimumCandidates} 名（按 {Number(ratioPct) || 0}% 差额比例）
                    </Text>
                  ) : null}
                  {a.candidates.map((c, k) => (
                    <View key={k} className='cg-candidate'>
                      <Input
                        className='cg-input cg-cand-name'
                        value={c.name}
                        placeholder={`候选人${k + 1}姓名`}
                        onInput={(e) => setCand(i, k, { name: e.detail.value })}
                      />
                      <Textarea
                        className='cg-input cg-cand-cv'
                        autoHeight
                        value={c.cv}
                        placeholder='履历'
                        onInput={(e) => setCand(i, k, { cv: e.detail.value })}
                      />
                      <Input
                        className='cg-input'
                        value={c.photoUrl}
                        placeholder='照片地址（可不填）'
                        onInput={(e) => setCand(i, k, { photoUrl: e.detail.value })}
                      />
                      <FieldError errors={errors} at={`agenda.${i}.candidates.${k}`} />
                      <Text
                        className='cg-link'
                        onClick={() => setItem(i, { candidates: a.candidates.filter((_, j) => j !== k) })}
                      >
                        删除候选人
                      </Text>
                    </View>
                  ))}
                  <Button fill='outline' onClick={() => setItem(i, { candidates: [...a.candidates, blankCand()] })}>
                    添加候选人
                  </Button>
                  <Text className='cg-muted'>选票上候选人按姓氏笔画排列。</Text>
                </>
              ) : null}
              <FieldError errors={errors} at={`agenda.${i}.title`} />
              <FieldError errors={errors} at={`agenda.${i}.seats`} />
              <FieldError errors={errors} at={`agenda.${i}.candidates`} exact />
              {agenda.length > 1 ? (
                <Text className='cg-link' onClick={() => setAgenda(agenda.filter((_, j) => j !== i))}>
                  删除此项
                </Text>
              ) : null}
            </View>
          );
        })}
        <FieldError errors={errors} at='agenda' exact />
        <FieldError errors={errors} at='candidates' />
        <View className='cg-actions'>
          <Button fill='outline' onClick={() => setAgenda([...agenda, blankItem('resolution')])}>
            添加表决事项
          </Button>
          <Button fill='outline' className='cg-add-election' onClick={() => setAgenda([...agenda, blankItem('election')])}>
            添加选举
          </Button>
        </View>
      </View>

      <View className='cg-card'>
        <Text className='cg-card__title'>职工代表（已选 {delegates.size} 人）与监票人、计票人</Text>
        <Text className='cg-muted'>点姓名选为代表；点右侧标签设为监票人 / 计票人（须从非候选人中产生）。</Text>
        <View className='cg-row'>
          <Input
            className='cg-input'
            value={filter}
            placeholder='按姓名或会员号筛选'
            onInput={(e) => setFilter(e.detail.value)}
          />
          <Text
            className='cg-link cg-select-all'
            onClick={() => setDelegates(new Set([...delegates, ...shown.map((m) => m.personId)]))}
          >
            全选
          </Text>
          <Text
            className='cg-link'
            onClick={() => setDelegates(new Set([...delegates].filter((id) => !shown.some((m) => m.personId === id))))}
          >
            清除
          </Text>
        </View>
        <FieldError errors={errors} at='delegates' />
        <FieldError errors={errors} at='scrutineers' />
        <View className='cg-members'>
          {shown.map((m) => (
            <View key={m.personId} className='cg-row cg-member'>
              <Text
                className={`cg-mark ${delegates.has(m.personId) ? 'cg-mark--on' : ''}`}
                data-member={m.name}
                onClick={() => toggleDelegate(m.personId)}
              >
                {m.name}
              </Text>
              <Text
                className={`cg-tag ${scrutineers[m.personId] ? 'cg-tag--open' : ''}`}
                onClick={() => cycleScrutineer(m.personId)}
              >
                {scrutineers[m.personId] ? scrutineerRoleNames[scrutineers[m.personId]] : '设为监/计票'}
              </Text>
            </View>
          ))}
        </View>
      </View>

      <FieldError errors={errors} at='unionId' />
      <Button type='primary' block loading={busy} className='cg-create-submit' onClick={() => void submit()}>
        创建职代会
      </Button>
    </View>
  );
}

export default withTheme(CreateCongressPage);
