/**
 * What a congress's status tag says, from its schedule as well as its state: a meeting set for 12月9日 is
 * 未开始 on 12月2日 even though delegates may already check in. Days are Asia/Shanghai calendar days.
 */
export type CongressPhase = 'upcoming' | 'today' | 'ended';

const SHANGHAI_MS = 8 * 3600_000;
const shanghaiDay = (t: string | Date) => new Date(new Date(t).getTime() + SHANGHAI_MS).toISOString().slice(0, 10);

export function congressPhase(c: { status: string; startsAt: string }, now: Date): { phase: CongressPhase; label: string } {
  if (c.status === 'ended') return { phase: 'ended', label: '已闭幕' };
  const day = shanghaiDay(c.startsAt);
  if (day > shanghaiDay(now)) {
    const [, m, d] = day.split('-').map(Number);
    return { phase: 'upcoming', label: `${m}月${d}日召开` };
  }
  return { phase: 'today', label: '进行中' };
}
