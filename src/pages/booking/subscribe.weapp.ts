import Taro from '@tarojs/taro';

/**
 * weapp: ask for the reminder subscription message inside the member's booking tap (WeChat allows the
 * request only from a tap). Template ids come from TARO_APP_BOOKING_TEMPLATES (comma separated, .env files);
 * a refusal or an error never stands in the way of the booking.
 */
export async function askReminderConsent(): Promise<void> {
  const tmplIds = (process.env.TARO_APP_BOOKING_TEMPLATES ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (tmplIds.length === 0) return;
  try {
    await Taro.requestSubscribeMessage({ tmplIds } as never);
  } catch {
    // declined or unsupported: the in-app notice still reminds
  }
}
