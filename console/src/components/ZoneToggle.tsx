import { TIME_ZONE, ZONE_LABEL, chooseUtc } from '../format';

/** Which zone every time on the page is in, and a click to switch between the browser's and UTC. */
export function ZoneToggle() {
  const utc = TIME_ZONE === 'UTC';
  return (
    <button
      type="button"
      className="zone"
      onClick={() => chooseUtc(!utc)}
      title={utc ? 'Times are shown in UTC: show them in this browser’s time zone' : `Times are shown in this browser’s time zone (${ZONE_LABEL}): show them in UTC`}
      aria-label={utc ? 'Times in UTC: show local times' : `Times in ${ZONE_LABEL}: show UTC`}
      data-testid="zone-toggle"
    >
      {ZONE_LABEL}
    </button>
  );
}
