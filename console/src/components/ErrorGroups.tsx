import { formatAgo, formatCount } from '../format';
import type { ErrorGroup } from '../logs';

const TREND_WORDS: Record<ErrorGroup['trend'], string> = { new: 'new', rising: 'rising', falling: 'falling', steady: 'steady' };

/** A group's lines per step as tiny bars. */
function TrendBars({ points, label }: { points: number[]; label: string }) {
  const height = 24;
  const max = Math.max(1, ...points);
  const n = Math.max(1, points.length);
  return (
    <svg className="spark spark--errors" viewBox={`0 0 ${n} ${height}`} preserveAspectRatio="none" role="img" aria-label={label}>
      <line className="spark__base" x1={0} x2={n} y1={height - 0.25} y2={height - 0.25} vectorEffect="non-scaling-stroke" />
      {points.map((v, i) => (v === 0 ? null : <rect key={i} className="spark__failing" x={i + 0.12} width={0.76} y={height - Math.max(0.75, (v / max) * (height - 2))} height={Math.max(0.75, (v / max) * (height - 2))} />))}
    </svg>
  );
}

/** The top error types of the window: how many, against the window before, the newest sample, and a link to their lines. */
export function ErrorGroups({ groups, now, onShow }: { groups: ErrorGroup[]; now: number; onShow: (group: ErrorGroup) => void }) {
  return (
    <div className="table-scroll">
      <table className="data" data-testid="error-groups">
        <caption className="visually-hidden">Error types, most lines first</caption>
        <thead>
          <tr>
            <th scope="col">Error type</th>
            <th scope="col" className="num">Lines</th>
            <th scope="col" className="num" title="Lines in the window before this one, as long">Previous window</th>
            <th scope="col">Trend</th>
            <th scope="col">Last seen</th>
            <th scope="col">First seen</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((group) => (
            <tr key={group.fingerprint} data-testid="error-group">
              <td>
                <span className={`level level--${group.level}`}>{group.level}</span> <code className="pattern">{group.pattern}</code>
                <div className="muted small" title="The newest line of this type">
                  {group.sample !== group.pattern && <>latest: “{group.sample}”{' '}</>}
                  <button type="button" className="button button--link" onClick={() => onShow(group)} data-testid="error-group-lines">
                    show its lines
                  </button>
                </div>
              </td>
              <td className="num">{formatCount(group.lines)}</td>
              <td className="num">{formatCount(group.previous_lines)}</td>
              <td className="nowrap">
                <TrendBars points={group.points} label={`${group.lines} lines in the window`} />{' '}
                <span className={`trend trend--${group.trend}`}>{TREND_WORDS[group.trend]}</span>
              </td>
              <td className="nowrap">{formatAgo(group.last_seen, now)}</td>
              <td className="nowrap">{formatAgo(group.first_seen, now)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
