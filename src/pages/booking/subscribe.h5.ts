/** h5 has no subscription messages: reminders arrive as in-app notices only. */
export async function askReminderConsent(): Promise<void> {}
