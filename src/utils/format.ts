/** Chinese names of membership statuses (cloudfunctions/core/db/schema: memberships.status). */
const membershipStatusNames: Record<string, string> = {
  pending: '待审核',
  active: '正常',
  rejected: '未通过',
  left: '已退会',
  transferred: '已转出',
  withdrawn: '已撤回',
};

export const membershipStatusName = (status: string): string => membershipStatusNames[status] ?? status;

/** Up to two characters for an initials badge: a union's short name without the trailing 工会, or a person's given name. */
export function initialsOf(name: string): string {
  const trimmed = name.trim().replace(/(总?工会|委员会)$/, '');
  if (!trimmed) return name.slice(0, 2) || '工';
  if (/^[\u4e00-\u9fa5]+$/.test(trimmed)) return trimmed.length <= 2 ? trimmed : trimmed.slice(0, 2);
  return trimmed
    .split(/\s+/)
    .map((w) => w[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();
}

/** Text colour that reads well on the given #RRGGBB background. */
export function readableOn(hex: string): '#ffffff' | '#1f2329' {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return '#ffffff';
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h, 16) / 255);
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return lum > 0.62 ? '#1f2329' : '#ffffff';
}
