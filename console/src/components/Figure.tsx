/** One labelled number; its raw value rides along in data-value for tests and tools. `sub` says what it counts. */
export function Figure(props: { label: string; value: number | null; text: string; sub?: string | undefined; testId?: string; tone?: 'bad' | 'warn' }) {
  return (
    <div className={props.tone ? `figure figure--${props.tone}` : 'figure'}>
      <dt>{props.label}</dt>
      <dd data-testid={props.testId} data-value={props.value ?? ''}>
        {props.text}
      </dd>
      {props.sub && <dd className="figure__sub muted">{props.sub}</dd>}
    </div>
  );
}
