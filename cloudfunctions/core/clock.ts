import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

/** All calendar reasoning happens in Asia/Shanghai, whatever the server or phone says. */
export const ZONE = 'Asia/Shanghai';
export const shanghai = (t?: dayjs.ConfigType) => dayjs(t).tz(ZONE);

/** "11月23日 12:00" — how a time reads in a message. */
export const formatShanghai = (t: Date): string => shanghai(t).format('M月D日 HH:mm');

/** An instant as ISO text for the contracts (timestamps come from the database as Date or text). */
export const iso = (t: Date | string): string => new Date(t).toISOString();

/** The server clock; tests replace it through the action context, never the client. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
export { dayjs };
