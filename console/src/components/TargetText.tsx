/** `${NAME}` in a catalogue value: an environment variable the server fills in when it runs the check. */
const ENV_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * A check's target as written in the catalogue, its environment references shown by name
 * ("SWITCHBOARD_DEMO_SANDBOX/dhl/health", the name marked and explained) rather than as raw `${…}`.
 */
export function TargetText({ text }: { text: string }) {
  const parts: Array<string | { env: string }> = [];
  let last = 0;
  for (const match of text.matchAll(ENV_REFERENCE)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push({ env: match[1]! });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return (
    <span className="target">
      {parts.map((part, i) =>
        typeof part === 'string' ? (
          part
        ) : (
          <var key={i} className="target__env" title={`the value of the environment variable ${part.env} on the server`}>
            {part.env}
          </var>
        ),
      )}
    </span>
  );
}
