import { useId, useRef, useState, type ReactNode } from 'react';

/** Copies text; over plain HTTP (no Clipboard API) it falls back to selecting the field and copying that. */
async function copy(text: string, field: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the selection
  }
  field?.select();
  return document.execCommand('copy');
}

/**
 * A secret shown once (a new token, a one-time password): in a read-only field that selects
 * itself on focus, with a Copy button, and the warning that it will not be shown again.
 */
export function SecretBox({ label, value, children, testId }: { label: string; value: string; children?: ReactNode; testId?: string }) {
  const id = useId();
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<boolean | undefined>();
  return (
    <div className="secret-box" role="status" data-testid={testId}>
      <label htmlFor={id} className="secret-box__label">
        {label}
      </label>
      <div className="secret-box__row">
        <input id={id} ref={field} className="secret-box__value" value={value} readOnly spellCheck={false} onFocus={(e) => e.target.select()} data-testid={testId && `${testId}-value`} />
        <button type="button" className="button button--small" onClick={() => void copy(value, field.current).then(setCopied)}>
          Copy
        </button>
        <span className="secret-box__copied" aria-live="polite">
          {copied === true && '✓ copied'}
          {copied === false && 'select it and copy by hand'}
        </span>
      </div>
      <p className="secret-box__note">
        <span aria-hidden="true">! </span>
        {children ?? 'It is shown only now and will not be shown again.'}
      </p>
    </div>
  );
}
