import { useState } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { call } from '@/api';
import { officerRoles, roleNames, type OfficerRole, type OfficerView } from '@shared/contracts/unions';
import { useHome } from '@/hooks/useHome';
import { useAction } from '@/hooks/useAction';
import { useSubmit } from '@/hooks/useSubmit';
import { formatDateTime } from '@/utils/time';
import { toastSuccess } from '@/utils/toast';
import { useConfirm } from '@/components/ConfirmDialog';
import { revokeRoleConfirmation } from '@shared/domain/confirmations';
import { Button } from '@/components/nutui';
import './index.scss';
import { withTheme } from '@/theme';
import { roleGate } from '@/components/RoleGate';

/**
 * 职务任免: the chair sees her union's officers and grants (by member number) or revokes their roles.
 * The server keeps the history and refuses to remove the last chair (the federation above may).
 */
function OfficersPage() {
  const home = useHome();
  const grant = home.data?.roles.find((r) => r.role === 'chair');
  const unionId = grant?.unionId ?? '';
  const officers = useAction('unions.officers', { unionId }, { enabled: !!grant });
  const history = useAction('unions.roleHistory', { unionId, page: 1, pageSize: 20 }, { enabled: !!grant });
  const [memberNo, setMemberNo] = useState('');
  const [role, setRole] = useState<OfficerRole>('vice_chair');
  const [reason, setReason] = useState('');
  const { busy, errors, setErrors, submit } = useSubmit();
  const { confirm, dialog } = useConfirm();

  const gate = roleGate({
    className: 'page officers-page',
    ready: !!home.data,
    allowed: !!grant,
    title: '仅工会主席可使用',
    description: '职务任免由本会主席或上级工会办理',
  });
  if (gate || !grant) return gate; // !grant: only to narrow its type; the gate has answered it

  const refresh = () => Promise.all([officers.reload(), history.reload()]);

  const appoint = async () => {
    setErrors({});
    const out = await submit(() => call('unions.grantRole', { unionId, memberNo, role, reason }));
    if (!out) return;
    toastSuccess('已任命');
    setMemberNo('');
    setReason('');
    await refresh();
  };

  const revoke = async (o: OfficerView) => {
    if (!(await confirm(revokeRoleConfirmation({ name: o.name, roleName: roleNames[o.role] })))) return;
    const out = await submit(() =>
      call('unions.revokeRole', { unionId, personId: o.personId, role: o.role, reason: '主席撤销' }),
    );
    if (!out) return;
    toastSuccess('已撤销');
    await refresh();
  };

  return (
    <View className='page officers-page'>
      {dialog}
      <View className='officers-page__union'>{grant.unionName}</View>
      <View className='page-body'>
        <View className='section'>
          <View className='section-title'>现任职务</View>
          <View className='card'>
            {(officers.data?.officers ?? []).map((o) => (
              <View key={`${o.personId}-${o.role}`} className='officer-row'>
                <Text className='officer-row__name'>{o.name}</Text>
                <Text>{roleNames[o.role]}</Text>
                <Text className='muted'>{o.memberNo ?? ''}</Text>
                <Text className='officer-row__revoke' onClick={() => void revoke(o)}>
                  撤销
                </Text>
              </View>
            ))}
          </View>
        </View>

        <View className='section'>
          <View className='section-title'>任命职务</View>
          <View className='card officer-form'>
            <Input
              className='officer-form__input'
              placeholder='会员证号（如 XC100001）'
              value={memberNo}
              onInput={(e) => setMemberNo(e.detail.value)}
            />
            {errors.memberNo ? <Text className='officer-form__error'>{errors.memberNo}</Text> : null}
            <View className='officer-form__roles'>
              {officerRoles.map((r) => (
                <Text
                  key={r}
                  className={`officer-form__role ${role === r ? 'officer-form__role--on' : ''}`}
                  onClick={() => setRole(r)}
                >
                  {roleNames[r]}
                </Text>
              ))}
            </View>
            <Input
              className='officer-form__input'
              placeholder='任命依据（如 会员代表大会选举）'
              value={reason}
              onInput={(e) => setReason(e.detail.value)}
              maxlength={100}
            />
            {errors.reason ? <Text className='officer-form__error'>{errors.reason}</Text> : null}
            <Button type='primary' block shape='round' loading={busy} onClick={() => void appoint()}>
              任命
            </Button>
          </View>
        </View>

        <View className='section'>
          <View className='section-title'>任免记录</View>
          <View className='card'>
            {(history.data?.changes ?? []).map((c) => (
              <View key={c.id} className='role-change'>
                <Text>
                  {formatDateTime(c.at)} {c.change === 'granted' ? '任命' : '撤销'} {c.name} · {roleNames[c.role]}（
                  {c.actorName ?? '系统'}：{c.reason}）
                </Text>
              </View>
            ))}
          </View>
        </View>
      </View>
    </View>
  );
}

export default withTheme(OfficersPage);
