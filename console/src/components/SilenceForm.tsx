import { useId, useState, type FormEvent } from 'react';
import { postJson } from '../api';
import { matchersText, parseMatchers, type Matcher, type Silence } from '../alerting';
import { useSession } from '../session';
import { formatTimestamp } from '../format';
import { useAction } from './useAction';

const DURATIONS = ['30m', '1h', '2h', '4h', '8h', '1d', '3d', '7d'];
const AUTHOR_KEY = 'switchboard.author';

/**
 * Creates a silence (matchers on alert labels) or a maintenance window (an integration), for a
 * duration. The author is remembered in this browser for the next one (at first, the signed-in name).
 */
export function SilenceForm({ initialMatchers = [], onCreated }: { initialMatchers?: Matcher[]; onCreated?: (silence: Silence) => void }) {
  const id = useId();
  const [kind, setKind] = useState<'silence' | 'maintenance'>('silence');
  const [matchers, setMatchers] = useState(matchersText(initialMatchers));
  const [integration, setIntegration] = useState(initialMatchers.find((m) => m.label === 'integration' && !m.regex)?.value ?? '');
  const [duration, setDuration] = useState('2h');
  const { session } = useSession();
  const [author, setAuthor] = useState(() => window.localStorage.getItem(AUTHOR_KEY) || (session?.kind === 'user' ? session.name : ''));
  const [reason, setReason] = useState('');
  const [created, setCreated] = useState<Silence | undefined>();
  const { busy, problem, act } = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Matchers that do not parse are refused here, as the server would refuse them.
    void act(async () => {
      const body = kind === 'maintenance' ? { kind, integration: integration.trim(), duration, author, reason } : { kind, matchers: parseMatchers(matchers), duration, author, reason };
      const silence = await postJson<Silence>('/api/v1/silences', undefined, body);
      window.localStorage.setItem(AUTHOR_KEY, author.trim());
      setCreated(silence);
      setReason('');
      onCreated?.(silence);
    });
  };

  return (
    <form className="silence-form" onSubmit={submit} data-testid="silence-form" aria-describedby={problem ? `${id}-problem` : undefined}>
      <fieldset className="field">
        <legend>Kind</legend>
        <label>
          <input type="radio" name={`${id}-kind`} checked={kind === 'silence'} onChange={() => setKind('silence')} /> Silence (by labels)
        </label>
        <label>
          <input type="radio" name={`${id}-kind`} checked={kind === 'maintenance'} onChange={() => setKind('maintenance')} /> Maintenance window (an integration)
        </label>
      </fieldset>
      {kind === 'silence' ? (
        <div className="field field--wide">
          <label htmlFor={`${id}-matchers`}>Matchers</label>
          <input id={`${id}-matchers`} value={matchers} onChange={(e) => setMatchers(e.target.value)} placeholder="integration=dhl-carrier, severity=~warning|info" required />
        </div>
      ) : (
        <div className="field">
          <label htmlFor={`${id}-integration`}>Integration</label>
          <input id={`${id}-integration`} value={integration} onChange={(e) => setIntegration(e.target.value)} placeholder="dhl-carrier" required />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-duration`}>For</label>
        <select id={`${id}-duration`} value={duration} onChange={(e) => setDuration(e.target.value)}>
          {DURATIONS.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-author`}>Your name</label>
        <input id={`${id}-author`} value={author} onChange={(e) => setAuthor(e.target.value)} required />
      </div>
      <div className="field field--wide">
        <label htmlFor={`${id}-reason`}>Reason</label>
        <input id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="DHL announced API maintenance, ticket 4711" required />
      </div>
      <button type="submit" className="button" disabled={busy} data-testid="silence-submit">
        {kind === 'maintenance' ? 'Start maintenance window' : 'Create silence'}
      </button>
      {problem && (
        <p className="state state--error" role="alert" id={`${id}-problem`} data-testid="silence-problem">
          {problem.error.message}
        </p>
      )}
      {created && !problem && (
        <p className="state" role="status" data-testid="silence-created">
          {created.kind === 'maintenance' ? 'Maintenance window' : 'Silence'} #{created.id} is in force until {formatTimestamp(created.ends_at, true)}.
        </p>
      )}
    </form>
  );
}
