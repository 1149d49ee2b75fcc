import { useRef, useState, type ReactElement } from 'react';
import { Text, View } from '@tarojs/components';
import { Dialog } from '@/components/nutui';
import type { Confirmation } from '@shared/domain/confirmations';
import './index.scss';

/**
 * The one confirm dialog of the app (NutUI Dialog): a title, what will happen line by line, 取消 and the
 * action's own verb. `useConfirm()` gives `confirm(c)` → Promise<boolean> and the element to render once
 * in the page. A `notice` (something that has just happened) has the one button; `confirm` resolves true.
 */
export function useConfirm(): { confirm: (c: Confirmation) => Promise<boolean>; dialog: ReactElement } {
  const [shown, setShown] = useState<Confirmation>();
  const settle = useRef<(ok: boolean) => void>();
  const answer = (ok: boolean) => {
    setShown(undefined);
    settle.current?.(ok);
    settle.current = undefined;
  };
  const confirm = (c: Confirmation) =>
    new Promise<boolean>((resolve) => {
      settle.current?.(false);
      settle.current = resolve;
      setShown(c);
    });
  const dialog = (
    <Dialog
      className={`confirm-dialog ${shown?.danger ? 'confirm-dialog--danger' : ''}`}
      visible={Boolean(shown)}
      title={shown?.title}
      confirmText={shown?.confirmText}
      cancelText='取消'
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
      </View>
    </Dialog>
  );
  return { confirm, dialog };
}
