/** Opened in WeCom: its in-app browser (workbench, chats) names itself `wxwork/<version>` in the user agent. */
export const inWecom = (): boolean => typeof navigator !== 'undefined' && /wxwork/i.test(navigator.userAgent);
