import type { User } from '../../admin';
import { formatTimestamp } from '../../format';
import { Badge } from '../StatusBadge';

/** Whether a user can sign in now, by icon and word: active, disabled, locked, or still on a one-time password. */
export function UserStatus({ user, now }: { user: User; now: number }) {
  if (user.disabled_at !== null) return <Badge tone="down" text="disabled" status="disabled" title={`Disabled ${formatTimestamp(user.disabled_at, true)}`} />;
  if (user.locked_until !== null && user.locked_until > now) {
    return <Badge tone="degraded" text={`locked until ${formatTimestamp(user.locked_until, false)}`} status="locked" title="Too many failed sign-ins; it unlocks by itself, or reset the password" />;
  }
  if (user.must_change_password) return <Badge tone="unknown" text="one-time password" status="invited" title="Has not yet chosen their own password" />;
  return <Badge tone="healthy" text="active" status="active" />;
}

export function signInMethod(user: User): string {
  if (user.sso) return 'single sign-on';
  return user.totp ? 'password + authenticator' : 'password';
}
