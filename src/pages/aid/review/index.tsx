import { useEffect, useMemo, useState } from 'react';
import Taro, { useDidShow, useRouter } from '@tarojs/taro';
import { Picker, Text, View } from '@tarojs/components';
import { call } from '@/api';
import type { BatchView, ClaimListItem, ClaimStatus, SummaryRow } from '@shared/contracts/aid';
import { aidCategories, aidCategoryNames, claimStatusNames } from '@shared/contracts/aid';
import type { RoleGrantView } from '@shared/contracts/unions';
import { roleNames } from '@shared/contracts/unions';
import { yuan } from '@shared/domain/aid/benefit';
import { Button, Checkbox, Skeleton } from '@/components/nutui';
import { useConfirm } from '@/components/ConfirmDialog';
import { payBatchConfirmation } from '@shared/domain/confirmations';
import EmptyState from '@/components/EmptyState';
import { toastError, toastSuccess } from '@/utils/toast';
import { useSubmit } from '@/hooks/useSubmit';
import { formatDate, shanghaiYear } from '@/utils/time';
import { saveSpreadsheet } from '@/utils/spreadsheet';
import { AID_PAGES, statusTone } from '../shared';
import '../aid.scss';
import BatchList from './batches';
import BarChart from '@/components/BarChart';
import './index.scss';
import { withTheme } from '@/theme';

type Tab = 'submitted' | 'federation' | 'payable' | 'all' | 'summary';
const TABS: { key: Tab; name: string }[] = [
  { key: 'submitted', name: '待审核' },
  { key: 'federation', name: '待总工会审批' },
  { key: 'payable', name: '待发放' },
  { key: 'all', name: '全部' },
  { key: 'summary', name: '统计' },
];
const OFFICER_ROLES = ['chair', 'vice_chair', 'finance', 'federation_admin'];

/** 互助金审核与统计: the queue of the caller's union (or federation subtree), payout batches, and a chart of the year. */
function AidReview() {
  const router = useRouter();
  const [grants, setGrants] = useState<RoleGrantView[]>();
  const [grantIndex, setGrantIndex] = useState(0);
  const [tab, setTab] = useState<Tab>((router.params.tab as Tab) ?? 'submitted');
  const [claims, setClaims] = useState<ClaimListItem[]>();
  const [selected, setSelected] = useState<string[]>([]);
  const [batches, setBatches] = useState<BatchView[]>([]);
  const [summary, setSummary] = useState<SummaryRow[]>();
  const { busy, submit } = useSubmit();
  const { confirm, dialog } = useConfirm();
  const year = shanghaiYear();

  useEffect(() => {
    call('unions.home', {})
      .then((h) => {
        const g = h.roles.filter((r) => OFFICER_ROLES.includes(r.role));
        setGrants(g);
        if (g[0]?.role === 'federation_admin' && !router.params.tab) setTab('federation');
      })
      .catch(toastError);
  }, [router.params.tab]);
  const grant = grants?.[grantIndex];
  const isFinance = grant?.role === 'finance';

  const load = async () => {
    if (!grant) return;
    try {
      const unionId = grant.unionId;
      if (tab === 'summary') {
        setSummary((await call('aid.summary', { unionId, year })).rows);
        return;
      }
      let list: ClaimListItem[];
      if (tab === 'payable') {
        const [a, b] = await Promise.all([
          call('aid.claims', { unionId, status: 'officer_approved', pageSize: 100 }),
          call('aid.claims', { unionId, status: 'federation_approved', pageSize: 100 }),
        ]);
        list = [...a.claims.filter((c) => !c.needsFederation), ...b.claims];
        if (isFinance) setBatches((await call('aid.batches', { unionId })).batches);
      } else if (tab === 'federation')
        list = (await call('aid.claims', { unionId, awaitingFederation: true, pageSize: 100 })).claims;
      else
        list = (
          await call('aid.claims', {
            unionId,
            ...(tab === 'submitted' ? { status: 'submitted' as ClaimStatus } : {}),
            pageSize: 100,
          })
        ).claims;
      setClaims(list);
      setSelected([]);
    } catch (e) {
      // a load, not a submit: it runs inside the actions' submit (after a decision) and must not be skipped
      toastError(e);
    }
  };
  // load reads grant and tab (and the role and year that follow from them): it runs again when they change
  // eslint-disable-next-line react-hooks/exhaustive-deps -- load is a plain function remade each render
  useEffect(() => void load(), [grant, tab]);
  useDidShow(() => void load());

  const amountOf = (c: ClaimListItem) => c.approvedFen ?? c.claimedFen ?? 0;
  const selectedFen = (claims ?? []).filter((c) => selected.includes(c.id)).reduce((s, c) => s + amountOf(c), 0);
  const allSelected = Boolean(claims?.length) && selected.length === claims!.length;
  const pay = () =>
    submit(async () => {
      if (!(await confirm(payBatchConfirmation({ count: selected.length, totalFen: selectedFen })))) return;
      const b = await call('aid.pay', { unionId: grant!.unionId, claimIds: selected });
      toastSuccess(`已生成批次 ${b.count} 笔`);
      const file = await call('aid.exportBatch', { batchId: b.id });
      await saveSpreadsheet(file.fileName, file.contentBase64);
      await load();
    });

  const exportBatch = async (b: BatchView) => {
    await submit(async () => {
      const file = await call('aid.exportBatch', { batchId: b.id });
      await saveSpreadsheet(file.fileName, file.contentBase64);
    });
  };

  const chart = useMemo(() => {
    if (!summary) return null;
    const months = [...new Set(summary.map((r) => r.month))].sort();
    const byMonth = months.map((m) => {
      const rs = summary.filter((r) => r.month === m);
      return {
        m,
        count: rs.reduce((s, r) => s + r.count, 0),
        claimed: rs.reduce((s, r) => s + r.claimedFen, 0),
        approved: rs
          .filter((r) => ['officer_approved', 'federation_approved', 'paying', 'paid'].includes(r.status))
          .reduce((s, r) => s + r.approvedFen, 0),
      };
    });
    const byCategory = aidCategories.map((c) => ({
      c,
      count: summary.filter((r) => r.category === c).reduce((s, r) => s + r.count, 0),
      approved: summary.filter((r) => r.category === c && r.status !== 'rejected').reduce((s, r) => s + r.approvedFen, 0),
    }));
    const byStatus = [...new Set(summary.map((r) => r.status))].map((s) => ({
      s,
      count: summary.filter((r) => r.status === s).reduce((n, r) => n + r.count, 0),
    }));
    return { byMonth, byCategory, byStatus };
  }, [summary]);

  if (!grants)
    return (
      <View className='page page-body'>
        <Skeleton rows={6} animated />
      </View>
    );
  if (!grant) return <EmptyState title='没有审核权限' description='仅工会主席、副主席、财务和总工会管理员可用' />;

  return (
    <View className='page aid-review'>
      {dialog}
      <View className='page-body'>
        {grants.length > 1 ? (
          <Picker
            mode='selector'
            range={grants.map((g) => `${g.unionName} · ${roleNames[g.role]}`)}
            value={grantIndex}
            onChange={(e) => setGrantIndex(Number(e.detail.value))}
          >
            <View className='card aid-card'>
              {grant.unionName} · {roleNames[grant.role]} ▾
            </View>
          </Picker>
        ) : (
          <View className='card aid-card'>
            {grant.unionName} · {roleNames[grant.role]}
          </View>
        )}
        {grant.role !== 'finance' ? (
          <Button
            size='small'
            fill='outline'
            className='aid-review__plans'
            onClick={() => void Taro.navigateTo({ url: AID_PAGES.plans })}
          >
            互助计划与参保名单
          </Button>
        ) : null}
        <View className='aid-tabs'>
          {TABS.map((t) => (
            <Text
              key={t.key}
              className={`aid-tab aid-tab-${t.key} ${tab === t.key ? 'aid-tab--on' : ''}`}
              onClick={() => setTab(t.key)}
            >
              {t.name}
            </Text>
          ))}
        </View>

        {tab === 'summary' ? (
          <View className='card aid-card aid-review__chart'>
            <Text className='section-title'>{year} 年按月申请与核定金额（元）</Text>
            {chart?.byMonth.length === 0 ? <Text className='muted'>暂无数据</Text> : null}
            {chart && chart.byMonth.length > 0 ? (
              <>
                <BarChart
                  className='aid-review__months'
                  labels={chart.byMonth.map((x) => `${Number(x.m.slice(5))}月`)}
                  series={[
                    { name: '申请金额', color: 'theme', values: chart.byMonth.map((x) => x.claimed / 100) },
                    { name: '核定金额', color: '#1f9d55', values: chart.byMonth.map((x) => x.approved / 100) },
                  ]}
                  tops={chart.byMonth.map((x) => `${x.count}件`)}
                />
                {chart.byMonth.map((x) => (
                  <View key={x.m} className='aid-row aid-month'>
                    <Text>
                      {Number(x.m.slice(5))}月 · {x.count} 件
                    </Text>
                    <Text>
                      申请 ¥{yuan(x.claimed)} · 核定 ¥{yuan(x.approved)}
                    </Text>
                  </View>
                ))}
              </>
            ) : null}
            <Text className='section-title aid-review__sub'>按类别</Text>
            {chart?.byCategory.map((x) => (
              <View key={x.c} className='aid-row'>
                <Text>{aidCategoryNames[x.c]}</Text>
                <Text>
                  {x.count} 件 · 核定 ¥{yuan(x.approved)}
                </Text>
              </View>
            ))}
            <Text className='section-title aid-review__sub'>按状态</Text>
            {chart?.byStatus.map((x) => (
              <View key={x.s} className='aid-row'>
                <Text className={`aid-tag aid-tag--${statusTone[x.s]}`}>{claimStatusNames[x.s]}</Text>
                <Text>{x.count} 件</Text>
              </View>
            ))}
          </View>
        ) : (
          <View className='card aid-card'>
            {claims && claims.length === 0 ? <Text className='muted'>暂无申请</Text> : null}
            {tab === 'payable' && isFinance && claims?.length ? (
              <View className='aid-review__select-all'>
                <Checkbox
                  className='aid-review__all'
                  checked={allSelected}
                  label={`全选（${claims.length} 笔）`}
                  onChange={(on) => setSelected(on ? claims.map((c) => c.id) : [])}
                />
                <Text className='aid-review__total' data-testid='pay-total'>
                  已选 {selected.length} 笔 · 合计 ¥{yuan(selectedFen)}
                </Text>
              </View>
            ) : null}
            {claims?.map((c) => {
              const on = selected.includes(c.id);
              return (
                <View
                  key={c.id}
                  className={`aid-row aid-review__row ${on ? 'aid-review__row--on' : ''}`}
                  onClick={() =>
                    tab === 'payable' && isFinance
                      ? setSelected((s) => (on ? s.filter((x) => x !== c.id) : [...s, c.id]))
                      : void Taro.navigateTo({ url: `${AID_PAGES.detail}?id=${c.id}` })
                  }
                >
                  {tab === 'payable' && isFinance ? (
                    <Checkbox className='aid-review__check' checked={on} onChange={() => undefined} />
                  ) : null}
                  <View className='aid-row__main'>
                    <View className='aid-row__head'>
                      <Text className='aid-row__title'>
                        {c.applicantName} · {c.category ? aidCategoryNames[c.category] : ''}
                      </Text>
                      <Text className={`aid-tag aid-tag--${statusTone[c.status]}`}>{claimStatusNames[c.status]}</Text>
                    </View>
                    <Text className='aid-row__sub'>
                      {c.claimNo} · {c.unionName} · {formatDate(c.submittedAt)}
                    </Text>
                  </View>
                  <Text className='aid-row__amount'>¥{yuan(amountOf(c))}</Text>
                </View>
              );
            })}
            {tab === 'payable' && isFinance ? (
              <Button
                type='primary'
                block
                disabled={selected.length === 0}
                loading={busy}
                className='aid-review__pay'
                onClick={() => void pay()}
              >
                生成发放批次并导出（{selected.length} 笔）
              </Button>
            ) : null}
          </View>
        )}

        {tab === 'payable' && isFinance && batches.length ? (
          <BatchList batches={batches} confirm={confirm} onExport={(b) => void exportBatch(b)} onChanged={load} />
        ) : null}
      </View>
    </View>
  );
}

export default withTheme(AidReview);
