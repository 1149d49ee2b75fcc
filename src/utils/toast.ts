import Taro from '@tarojs/taro';
import { messageOf } from '@/api';

/** Shows a call's Chinese error message as a toast. */
export function toastError(err: unknown): void {
  void Taro.showToast({ title: messageOf(err), icon: 'none', duration: 2500 });
}

/** A short confirmation toast. */
export function toastSuccess(title: string): void {
  void Taro.showToast({ title, icon: 'success', duration: 1500 });
}
