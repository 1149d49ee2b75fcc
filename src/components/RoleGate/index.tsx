import type { ReactElement } from 'react';
import { View } from '@tarojs/components';
import EmptyState from '../EmptyState';
import { Skeleton } from '../nutui';

export interface RoleGateProps {
  /** The page's root class (e.g. 'page officers-page'). */
  className: string;
  /** The caller's roles are known (the home has loaded). */
  ready: boolean;
  /** The caller holds a role that may use the page. */
  allowed: boolean;
  /** Who may use the page, e.g. 仅工会主席可使用. */
  title: string;
  /** Where someone without the role should turn. */
  description: string;
}

/**
 * What an officer page shows before its content: the loading skeleton while the caller's roles load, then who may
 * use the page when the caller may not; null when the page may render. Call it after the page's hooks:
 * `const gate = roleGate({...}); if (gate) return gate;`.
 */
export function roleGate({ className, ready, allowed, title, description }: RoleGateProps): ReactElement | null {
  if (!ready)
    return (
      <View className={className}>
        <View className='page-body'>
          <Skeleton rows={6} animated />
        </View>
      </View>
    );
  if (!allowed)
    return (
      <View className={className}>
        <EmptyState title={title} description={description} />
      </View>
    );
  return null;
}
