import type { components } from '../api-types';
import { formatDuration, formatLatencyTarget, formatTarget } from '../format';
import { useJson } from '../hooks';

type Budget = components['schemas']['Budget'];
type ObjectiveBudget = Budget['objectives'][number];

/** The windows the strip shows: the page pair's long windows and the ticket's longest. */
const SHOWN_WINDOWS = [3_600_000, 6 * 3_600_000, 3 * 86_400_000];

function objectiveWords(objective: ObjectiveBudget): string {
  return objective.kind === 'success'
    ? `success ≥ ${formatTarget(objective.target)}`
    : `${formatTarget(objective.target)} within ${formatLatencyTarget(objective.threshold_ms ?? 0)}`;
}

function burnWords(rate: number | null): string {
  if (rate === null) return '–';
  return `${rate >= 10 ? rate.toFixed(0) : rate.toFixed(1)}×`;
}

/** Budget left over the period, rounded so a sliver left never reads as 0 % and an overspend says so. */
function leftWords(left: number): string {
  if (left <= 0) return `overspent (${Math.round(left * 100)} %)`;
  return `${Math.max(1, Math.floor(left * 100))} % left`;
}

function leftClass(left: number): string {
  return left <= 0 ? 'budget__left--spent' : left < 0.25 ? 'budget__left--low' : 'budget__left--ok';
}

/**
 * The error budget of each SLO over its period and how fast it burns now (1× spends exactly the
 * budget over the period): what on-call weighs before waking anyone for a moderate failure rate.
 */
export function BudgetStrip({ id, refresh }: { id: string; refresh: number }) {
  const budget = useJson<Budget>(`/api/v1/integrations/${encodeURIComponent(id)}/budget`, refresh);
  const objectives = budget.data?.objectives ?? [];
  if (objectives.length === 0) return null;
  return (
    <dl className="strip budget" data-testid="budget-strip">
      {objectives.map((objective) => (
        <div key={objective.kind} data-testid={`budget-${objective.kind}`}>
          <dt title={`Error budget over ${formatDuration(objective.period_ms)}: ${objective.bad} bad of ${objective.volume} calls, ${Math.floor(objective.allowed_bad)} allowed`}>
            Budget · {objectiveWords(objective)} · {formatDuration(objective.period_ms)}
          </dt>
          <dd>
            <strong className={leftClass(objective.budget_left)} data-testid={`budget-${objective.kind}-left`}>
              {leftWords(objective.budget_left)}
            </strong>
            <span className="muted"> · burning </span>
            {objective.burn_rates
              .filter((reading) => SHOWN_WINDOWS.includes(reading.window_ms))
              .map((reading, index) => (
                <span key={reading.window_ms} data-testid={`budget-${objective.kind}-burn-${reading.window_ms}`}>
                  {index > 0 && <span className="muted"> · </span>}
                  <span className={reading.burn_rate !== null && reading.burn_rate > 1 ? 'budget__burn--fast' : undefined}>{burnWords(reading.burn_rate)}</span>
                  <span className="muted"> over {formatDuration(reading.window_ms)}</span>
                </span>
              ))}
          </dd>
        </div>
      ))}
    </dl>
  );
}
