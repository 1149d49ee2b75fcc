import { useRef, useState, type ReactElement } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { Dialog } from '@/components/nutui';
import type { Confirmation } from '@shared/domain/confirmations';
import './index.scss';

export interface ConfirmOptions {
  /**
   * Run inside the confirm button's own tap (before the promise settles): for platform calls that WeChat only
   * allows from a user's tap, such as asking for a subscription message.
   */
  onConfirmTap?: () => void;
}

/** Longest reason a dialog takes (the server's reason fields are as long). */
const REASON_MAX = 100;

/**
 * The one confirm dialog of the app (NutUI Dialog): a title, what will happen line by line, 取消 and the
 * action's own verb. `useConfirm()` gives `confirm(c)` → Promise<boolean>, `ask(c)` → the reason typed (or the
 * confirmation's fallback) or null when cancelled, for confirmations that take a reason, and the element to
 * render once in the page. A `notice` (something that has just happened) has the one button; it resolves true.
 */
export function useConfirm(): {
  confirm: (c: Confirmation, options?: ConfirmOptions) => Promise<boolean>;
  ask: (c: Confirmation) => Promise<string | null>;
  dialog: ReactElement;
} {
  const [shown, setShown] = useState<Confirmation>();
  const [reason, setReason] = useState('');
  const settle = useRef<(answer: string | null) => void>();
  const onTap = useRef<() => void>();
  const answer = (ok: boolean) => {
    if (ok) onTap.current?.();
    const text = (reason.trim() || shown?.reason?.fallback || '').slice(0, REASON_MAX);
    setShown(undefined);
    settle.current?.(ok ? text : null);
    settle.current = undefined;
    onTap.current = undefined;
  };
  const ask = (c: Confirmation) =>
    new Promise<string | null>((resolve) => {
      settle.current?.(null);
      settle.current = resolve;
      onTap.current = undefined;
      setReason('');
      setShown(c);
    });
  const confirm = async (c: Confirmation, options: ConfirmOptions = {}) => {
    const pending = ask(c);
    onTap.current = options.onConfirmTap;
    return (await pending) !== null;
  };
  const dialog = (
    <Dialog
      className={`confirm-dialog ${shown?.danger ? 'confirm-dialog--danger' : ''}`}
      visible={Boolean(shown)}
      title={shown?.title}
      confirmText={shown?.confirmText}
      cancelText={shown?.cancelText ?? '取消'}
      hideCancelButton={shown?.notice}
      closeOnOverlayClick={false}
      onConfirm={() => answer(true)}
      onCancel={() => answer(false)}
    >
      <View className='confirm-dialog__body'>
        {shown?.lines.map((l) => (
          <Text key={l} className='confirm-dialog__line'>
            {l}
          </Text>
        ))}
        {shown?.reason ? (
          <Input
            className='confirm-dialog__reason'
            value={reason}
            maxlength={REASON_MAX}
            placeholder={shown.reason.placeholder}
            onInput={(e) => setReason(e.detail.value)}
          />
        ) : null}
      </View>
    </Dialog>
  );
  return { confirm, ask, dialog };
}
