import type { Expectation, ExpectationState } from '../trace-view';

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

type Shown = Exclude<ExpectationState, 'met'>;

const LOOK: Record<Shown, { icon: string; title: (n: number) => string }> = {
  missing: { icon: '!', title: (n) => (n === 1 ? 'A step is missing' : `${n} steps are missing`) },
  waiting: { icon: '…', title: () => 'Still in time' },
  late: { icon: '◷', title: (n) => (n === 1 ? 'A step came late' : `${n} steps came late`) },
};

/**
 * What the flow should have done by now and has not, in the server's words: overdue steps first
 * (as an alert), then those still in time, then steps that came late.
 */
export function TraceFindings({ expectations }: { expectations: Expectation[] }) {
  const states: Shown[] = ['missing', 'waiting', 'late'];
  const shown = states.map((state) => ({ state, items: expectations.filter((e) => e.state === state) })).filter((s) => s.items.length > 0);
  if (shown.length === 0) return null;
  return (
    <section className="findings" aria-label="Missing and late steps">
      {shown.map(({ state, items }) => (
        <div key={state} className={`finding finding--${state}`} role={state === 'missing' ? 'alert' : undefined} data-testid={`trace-${state}`}>
          <h2>
            <span className="finding__icon" aria-hidden="true">
              {LOOK[state].icon}
            </span>
            {LOOK[state].title(items.length)}
          </h2>
          <ul>
            {items.map((e, i) => (
              <li key={i} data-rule={e.rule}>
                {capitalised(e.message)}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
