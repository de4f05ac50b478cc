import { Timestamp } from './Timestamp';
import type { Milestone } from '../trace-view';

type Tone = 'reached' | 'failure' | 'missing' | 'waiting';

const ICON: Record<Tone, string> = { reached: '✓', failure: '✕', missing: '!', waiting: '…' };
const STATE_TEXT: Record<Tone, string> = { reached: 'reached', failure: 'went wrong', missing: 'missing', waiting: 'waiting' };

function toneOf(milestone: Milestone): Tone {
  if (milestone.state !== 'reached') return milestone.state;
  return milestone.failure ? 'failure' : 'reached';
}

/** The flow's milestones in order: reached (with when and how often), went wrong, or still expected. */
export function TraceMilestones({ milestones, withDate }: { milestones: Milestone[]; withDate: boolean }) {
  return (
    <ol className="milestones" aria-label="Milestones" data-testid="trace-milestones">
      {milestones.map((m) => {
        const tone = toneOf(m);
        return (
          <li key={m.name} className={`milestone milestone--${tone}`} data-milestone={m.name} data-state={tone}>
            <span className="milestone__icon" aria-hidden="true">
              {ICON[tone]}
            </span>
            <span className="milestone__text">
              <span className="milestone__label">
                {m.label}
                {m.count > 1 && <span className="milestone__count"> × {m.count}</span>}
                <span className="visually-hidden">: {STATE_TEXT[tone]}</span>
              </span>
              <span className="milestone__meta">
                {m.first_ts !== null ? <Timestamp ts={m.first_ts} withDate={withDate} /> : STATE_TEXT[tone]}
                {m.last_ts !== null && m.last_ts !== m.first_ts && (
                  <>
                    {' – '}
                    <Timestamp ts={m.last_ts} withDate={withDate} />
                  </>
                )}
                {m.detail && <span className="milestone__detail"> · {m.detail}</span>}
              </span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}
