import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

/** All calendar reasoning happens in Asia/Shanghai, whatever the server or phone says. */
export const ZONE = 'Asia/Shanghai';
export const shanghai = (t?: dayjs.ConfigType) => dayjs(t).tz(ZONE);

/** The server clock; tests replace it through the action context, never the client. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
export { dayjs };
