import { useLive } from '../live';

const TEXT = { connecting: 'connecting', live: 'live', reconnecting: 'reconnecting' } as const;
const TITLE = {
  connecting: 'Connecting to the live feed…',
  live: 'Live: the page refreshes as calls arrive',
  reconnecting: 'The live feed dropped; reconnecting, and refreshing every 5 s meanwhile',
} as const;

export function LiveIndicator() {
  const { status } = useLive();
  return (
    <span className={`live live--${status}`} role="status" title={TITLE[status]} data-testid="live-status" data-status={status}>
      <span className="live__dot" aria-hidden="true" />
      {TEXT[status]}
    </span>
  );
}
