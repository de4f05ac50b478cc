import { standingOf } from '../access';
import { useSession } from '../session';

/** Says why an action is missing: "Silencing needs the responder or admin role; you are a viewer." */
export function RoleNote({ action, testId = 'role-note' }: { action: string; testId?: string }) {
  const { session } = useSession();
  if (!session) return null;
  return (
    <p className="role-note" data-testid={testId}>
      <span aria-hidden="true">ⓘ </span>
      {action} needs the responder or admin role; you are signed in as {session.role ? `a ${session.role}` : standingOf(session)}.
    </p>
  );
}
